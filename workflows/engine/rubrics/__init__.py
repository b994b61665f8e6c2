"""Rubrics (评分指标): the department's indicators, pass mark, grade bands and result rule
(models, services, rules), the pure computations a scoring step calls (shapes, results, tree),
and the results table a scoring step exports and prints (export)."""
