"""The demo city, as plain data: Shenyang's bureau, departments, 13 districts and their schools,
and the people who act in them. core.orgs.demo writes it to the database.

Codes are stable keys: seeding again finds what exists by kind + code and by username.
"""

from dataclasses import dataclass

from core.orgs.models import Ownership, SchoolType
from core.orgs.roles import OFFICE_CODE, Role

BUREAU = ("shenyang", "沈阳市教育局")

DEPARTMENTS = [
    ("basic", "基础教育处"),
    ("preschool", "学前教育处"),
    ("vocational", "职业教育处"),
    ("teachers", "教师工作处"),
    ("supervision", "督导室"),
    (OFFICE_CODE, "办公室"),
]

# (code, name, administrative division code): the division code makes the school codes plausible.
DISTRICTS = [
    ("heping", "和平区", "210102"),
    ("shenhe", "沈河区", "210103"),
    ("dadong", "大东区", "210104"),
    ("huanggu", "皇姑区", "210105"),
    ("tiexi", "铁西区", "210106"),
    ("sujiatun", "苏家屯区", "210111"),
    ("hunnan", "浑南区", "210112"),
    ("shenbei", "沈北新区", "210113"),
    ("yuhong", "于洪区", "210114"),
    ("liaozhong", "辽中区", "210115"),
    ("kangping", "康平县", "210123"),
    ("faku", "法库县", "210124"),
    ("xinmin", "新民市", "210181"),
]

# Two schools of each type per district: (type, name suffix, ownership).
SCHOOLS_PER_DISTRICT = [
    (SchoolType.KINDERGARTEN, "第一幼儿园", Ownership.PUBLIC),
    (SchoolType.KINDERGARTEN, "阳光幼儿园", Ownership.PRIVATE),
    (SchoolType.PRIMARY, "第一小学", Ownership.PUBLIC),
    (SchoolType.PRIMARY, "第二小学", Ownership.PUBLIC),
    (SchoolType.JUNIOR, "第一初级中学", Ownership.PUBLIC),
    (SchoolType.JUNIOR, "第二初级中学", Ownership.PUBLIC),
    (SchoolType.NINE_YEAR, "实验学校", Ownership.PUBLIC),
    (SchoolType.NINE_YEAR, "育才学校", Ownership.PRIVATE),
    (SchoolType.SENIOR, "第一高级中学", Ownership.PUBLIC),
    (SchoolType.SENIOR, "第二高级中学", Ownership.PUBLIC),
    (SchoolType.VOCATIONAL, "职业教育中心", Ownership.PUBLIC),
    (SchoolType.VOCATIONAL, "中等职业技术专业学校", Ownership.PUBLIC),
    (SchoolType.SPECIAL, "特殊教育学校", Ownership.PUBLIC),
    (SchoolType.SPECIAL, "启智学校", Ownership.PUBLIC),
]


@dataclass(frozen=True)
class DemoSchool:
    code: str  # 10-digit 学校标识码: "2" + division code + 3-digit number
    name: str
    district_code: str
    school_type: str
    ownership: str


def demo_schools() -> list[DemoSchool]:
    return [
        DemoSchool(
            code=f"2{division}{number:03d}",
            name=f"{name}{suffix}",
            district_code=code,
            school_type=school_type,
            ownership=ownership,
        )
        for code, name, division in DISTRICTS
        for number, (school_type, suffix, ownership) in enumerate(SCHOOLS_PER_DISTRICT, start=1)
    ]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    full_name: str
    role: str
    org_kind: str  # where the role is held: "bureau", "department", "district" or "school"
    org_code: str
    is_head: bool = False  # also the organisation's head
    is_superuser: bool = False


# Demo experts and inspectors: real-looking names, each with a home organisation in a different
# district, so that 回避 (recusal) has something to exclude.
EXPERT_NAMES = ["张明远", "王丽华", "李建国", "刘芳", "陈静", "杨帆", "赵磊", "黄晓燕", "周海涛", "吴敏", "徐志强", "孙丽"]
INSPECTOR_NAMES = ["马俊", "朱红", "胡军", "郭丽", "何平", "高峰", "林涛", "罗敏"]
# A second reviewer in every department and district (named like a person, so that searching for a
# colleague by name works), so that 转办/委派/委托 have someone to name.
SECOND_REVIEWER_NAMES = ["宋佳", "郑伟", "谢婷", "韩冰", "唐亮", "冯雪", "董浩", "萧然", "程诚", "曹颖", "袁野",
                         "邓超", "许晴", "傅强", "沈悦", "曾凡", "彭博", "吕洁", "苏航"]
# Every demo person has an address here, so that e-mail is sent; make run's console backend prints
# it in the worker's log. example.com is reserved: nothing can reach a real inbox.
MAIL_DOMAIN = "demo.example.com"


def demo_email(username: str) -> str:
    return f"{username}@{MAIL_DOMAIN}"


def demo_logins() -> list[DemoLogin]:
    """One user per role per relevant organisation (two reviewers), plus the expert pool, inspectors
    and admin."""
    bureau_code = BUREAU[0]
    logins = [
        DemoLogin("admin", "系统管理员", Role.ADMIN, "bureau", bureau_code, is_superuser=True),
    ]
    second_names = iter(SECOND_REVIEWER_NAMES)
    for code, name in DEPARTMENTS:
        logins.append(DemoLogin(f"{code}_reviewer", f"{name}审核员", Role.CITY_REVIEWER, "department", code))
        logins.append(DemoLogin(f"{code}_reviewer2", next(second_names), Role.CITY_REVIEWER, "department", code))
        logins.append(DemoLogin(f"{code}_head", f"{name}负责人", Role.CITY_HEAD, "department", code, is_head=True))
    office_name = dict(DEPARTMENTS)[OFFICE_CODE]
    logins.append(DemoLogin("office_clerk", f"{office_name}文书", Role.OFFICE_CLERK, "department", OFFICE_CODE))
    for code, name, _division in DISTRICTS:
        logins.append(DemoLogin(f"{code}_staff", f"{name}经办人", Role.DISTRICT_STAFF, "district", code))
        logins.append(DemoLogin(f"{code}_reviewer", f"{name}审核员", Role.DISTRICT_REVIEWER, "district", code))
        logins.append(DemoLogin(f"{code}_reviewer2", next(second_names), Role.DISTRICT_REVIEWER, "district", code))
        logins.append(DemoLogin(f"{code}_head", f"{name}负责人", Role.DISTRICT_HEAD, "district", code, is_head=True))
    for school in demo_schools():
        logins.append(
            DemoLogin(
                f"school_head_{school.code}",
                f"{school.name}{'园长' if school.school_type == SchoolType.KINDERGARTEN else '校长'}",
                Role.SCHOOL_HEAD,
                "school",
                school.code,
                is_head=True,
            )
        )
        logins.append(DemoLogin(f"applicant_{school.code}", f"{school.name}教师", Role.APPLICANT, "school", school.code))
    # Experts teach at the first senior high school of twelve districts; inspectors belong to the
    # education bureaus of eight districts.
    senior_by_district = {}
    for school in demo_schools():
        if school.school_type == SchoolType.SENIOR:
            senior_by_district.setdefault(school.district_code, school.code)
    for number, (full_name, (district_code, _name, _division)) in enumerate(zip(EXPERT_NAMES, DISTRICTS), start=1):
        logins.append(
            DemoLogin(f"expert_{number:02d}", full_name, Role.EXPERT, "school", senior_by_district[district_code])
        )
    for number, (full_name, (district_code, _name, _division)) in enumerate(
        zip(INSPECTOR_NAMES, DISTRICTS[::-1]), start=1
    ):
        logins.append(DemoLogin(f"inspector_{number:02d}", full_name, Role.INSPECTOR, "district", district_code))
    return logins
