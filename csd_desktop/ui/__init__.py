"""The Qt window: screens call services only; nothing here touches SQL or builds PDFs."""
