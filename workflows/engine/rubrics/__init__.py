"""Rubrics (评分指标): the department's indicators, pass mark, grade bands and result rule
(models, services, indicator_edits, rules), what the pages and the API read (selectors), and the
pure computations a scoring step calls (shapes, results, tree)."""
