"""cxdesk.ui.dialogs."""
