"""cxdesk.ui.widgets."""
