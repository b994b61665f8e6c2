"""数据采集 (raw figures, 要素) and what is computed from them (issue 15 items 8-10): figure sets as
data (the figures each target supplies, their units, ranges and cross-field rules, and the
indicators derived by formulas), collections with their targets (schools matched by 学校标识码),
each target's submitted figures, the district's Excel import, and the two computations:
义务教育优质均衡 (balanced.py) and 县域学前教育普及普惠 (preschool.py), both pure functions.

It is independent of the inspection case flow: a case finds its collection by
`selectors.collection_for(...)`."""
