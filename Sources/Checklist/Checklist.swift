/// Markdown checklist templates. See `ChecklistTemplate`.
public enum ChecklistModule {}
