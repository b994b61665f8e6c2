"""Fan-out (分派): a parent item opens one child item per target (step: FanOut, ChildFlow, Report, file_report), and
continues when the last child ends (join)."""
