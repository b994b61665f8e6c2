"""The two figure sets the city starts with, as data (installed by migration 0004 and kept as
rows: FigureSet, Figure, FigureRule, FigureIndicator): 义务教育优质均衡 (教督〔2017〕6号, 资源配置的7项指标) and 县域学前教育普及普惠
(教督〔2020〕1号's headline indicators, with staffing, space and class size).

The values here are the published national standards where there is one (the 7 thresholds per
section, 0.50 / 0.45, ≥6 with the 7th at ≥85%; 毛入园率 85%, 普惠 80%, 公办 50%, 生师比 15:1);
the space and class-size lines are the city's defaults."""

INT = {"decimals": 0, "min_value": 0, "max_value": 100000}
AREA = {"decimals": 2, "min_value": 0, "max_value": 10000000, "unit": "㎡"}

BALANCED = {
    "code": "balanced-compulsory",
    "name": "义务教育优质均衡·资源配置",
    "method": "balanced",
    "basis": "《县域义务教育优质均衡发展督导评估办法》（教督〔2017〕6号）",
    "weight_figure": "students",
    "cv_limits": {"primary": "0.50", "junior": "0.45"},
    "min_met": 6,
    "near_ratio": "0.85",
    "min_schools": 2,
    "exclusions": [
        {"school_types": ["special"], "reason": "特殊教育学校不参与计算"},
        {"teaching_point": True, "students_below": 50, "reason": "不足50人的教学点不参与计算"},
    ],
    "figures": [
        {"code": "students", "name": "在校学生数", "unit": "人", **INT, "positive": True},
        {"code": "teachers", "name": "专任教师数", "unit": "人", **INT},
        {"code": "degree_teachers", "name": "高于规定学历的专任教师数", "unit": "人", **INT,
         "help_text": "小学为专科及以上学历，初中为本科及以上学历"},
        {"code": "backbone_teachers", "name": "县级及以上骨干教师数", "unit": "人", **INT},
        {"code": "pe_arts_teachers", "name": "体育、艺术（音乐、美术）专任教师数", "unit": "人", **INT},
        {"code": "teaching_area", "name": "教学及辅助用房面积", **AREA},
        {"code": "sports_area", "name": "体育运动场馆面积", **AREA},
        {"code": "equipment_value", "name": "教学仪器设备资产值", "unit": "万元", "decimals": 2, "min_value": 0,
         "max_value": 1000000},
        {"code": "multimedia_rooms", "name": "网络多媒体教室数", "unit": "间", **INT},
    ],
    "rules": [
        {"left": "degree_teachers", "comparison": "lte", "right": "teachers",
         "message": "高于规定学历的专任教师数不能多于专任教师数。"},
        {"left": "backbone_teachers", "comparison": "lte", "right": "teachers",
         "message": "县级及以上骨干教师数不能多于专任教师数。"},
        {"left": "pe_arts_teachers", "comparison": "lte", "right": "teachers",
         "message": "体育、艺术专任教师数不能多于专任教师数。"},
    ],
    "indicators": [
        {"code": "degree_per_100", "name": "每百名学生拥有高于规定学历教师数", "unit": "人",
         "formula": "degree_teachers / students * 100", "thresholds": {"primary": "4.2", "junior": "5.3"}},
        {"code": "backbone_per_100", "name": "每百名学生拥有县级以上骨干教师数", "unit": "人",
         "formula": "backbone_teachers / students * 100", "thresholds": {"primary": "1", "junior": "1"}},
        {"code": "pe_arts_per_100", "name": "每百名学生拥有体育、艺术专任教师数", "unit": "人",
         "formula": "pe_arts_teachers / students * 100", "thresholds": {"primary": "0.9", "junior": "0.9"}},
        {"code": "teaching_area_per_student", "name": "生均教学及辅助用房面积", "unit": "㎡",
         "formula": "teaching_area / students", "thresholds": {"primary": "4.5", "junior": "5.8"}},
        {"code": "sports_area_per_student", "name": "生均体育运动场馆面积", "unit": "㎡",
         "formula": "sports_area / students", "thresholds": {"primary": "7.5", "junior": "10.2"}},
        {"code": "equipment_per_student", "name": "生均教学仪器设备值", "unit": "元",
         "formula": "equipment_value * 10000 / students", "thresholds": {"primary": "2000", "junior": "2500"}},
        {"code": "multimedia_per_100", "name": "每百名学生拥有网络多媒体教室数", "unit": "间",
         "formula": "multimedia_rooms / students * 100", "thresholds": {"primary": "2.3", "junior": "2.4"}},
    ],
}

PRESCHOOL = {
    "code": "preschool-universal",
    "name": "县域学前教育普及普惠",
    "method": "preschool",
    "basis": "《县域学前教育普及普惠督导评估办法》（教督〔2020〕1号）",
    "figures": [
        {"code": "age_population", "name": "3-5岁常住适龄儿童数", "unit": "人", **INT, "max_value": 10000000,
         "positive": True},
        {"code": "enrolled", "name": "在园幼儿数", "unit": "人", **INT, "max_value": 10000000, "positive": True},
        {"code": "inclusive_enrolled", "name": "普惠性幼儿园（公办园和普惠性民办园）在园幼儿数", "unit": "人", **INT,
         "max_value": 10000000},
        {"code": "public_enrolled", "name": "公办园在园幼儿数", "unit": "人", **INT, "max_value": 10000000},
        {"code": "staff", "name": "幼儿园教职工数", "unit": "人", **INT, "positive": True},
        {"code": "teachers", "name": "幼儿园专任教师数", "unit": "人", **INT, "positive": True},
        {"code": "building_area", "name": "幼儿园园舍建筑面积", **AREA},
        {"code": "classes", "name": "幼儿园班级数", "unit": "个", **INT, "positive": True},
    ],
    "rules": [
        {"left": "inclusive_enrolled", "comparison": "lte", "right": "enrolled",
         "message": "普惠性幼儿园在园幼儿数不能多于在园幼儿总数。"},
        {"left": "public_enrolled", "comparison": "lte", "right": "inclusive_enrolled",
         "message": "公办园属于普惠性幼儿园，其在园幼儿数不能多于普惠性幼儿园在园幼儿数。"},
        {"left": "teachers", "comparison": "lte", "right": "staff", "message": "专任教师数不能多于教职工数。"},
    ],
    "indicators": [
        {"code": "gross_enrolment", "name": "学前三年毛入园率", "unit": "%", "decimals": 1,
         "formula": "enrolled / age_population * 100", "thresholds": {"county": "85"}},
        {"code": "inclusive_coverage", "name": "普惠性幼儿园覆盖率", "unit": "%", "decimals": 1,
         "formula": "inclusive_enrolled / enrolled * 100", "thresholds": {"county": "80"}},
        {"code": "public_share", "name": "公办园在园幼儿占比", "unit": "%", "decimals": 1,
         "formula": "public_enrolled / enrolled * 100", "thresholds": {"county": "50"}},
        {"code": "children_per_teacher", "name": "幼儿园生师比（在园幼儿数÷专任教师数）", "unit": "", "decimals": 1,
         "formula": "enrolled / teachers", "comparison": "lte", "thresholds": {"county": "15"}},
        {"code": "area_per_child", "name": "生均园舍建筑面积", "unit": "㎡", "decimals": 2,
         "formula": "building_area / enrolled", "thresholds": {"county": "8"}},
        {"code": "average_class_size", "name": "平均班额", "unit": "人", "decimals": 1,
         "formula": "enrolled / classes", "comparison": "lte", "thresholds": {"county": "30"}},
    ],
}

SETS = (BALANCED, PRESCHOOL)


def install_sets(figure_set_model, figure_model, rule_model, indicator_model, sets=SETS) -> None:
    """Write each set that is not there yet (found by code); one already there is left as edited."""
    for data in sets:
        data = dict(data)
        figures, rules, indicators = data.pop("figures"), data.pop("rules"), data.pop("indicators")
        figure_set, created = figure_set_model.objects.get_or_create(code=data.pop("code"), defaults=data)
        if not created:
            continue
        for order, row in enumerate(figures):
            figure_model.objects.create(figure_set=figure_set, order=order, **row)
        for order, row in enumerate(rules):
            rule_model.objects.create(figure_set=figure_set, order=order, **row)
        for order, row in enumerate(indicators):
            indicator_model.objects.create(figure_set=figure_set, order=order, **row)
