"""Strategy pages: public reading, editing, the strategy paper as PDF and DOCX."""
