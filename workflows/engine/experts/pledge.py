"""The confidentiality pledge (保密承诺书) an expert accepts before seeing what they review. A panel
keeps the text it was drawn with (Panel.pledge_text): the department may give its own."""

from django.utils.translation import gettext as _


def default_pledge() -> str:
    return _(
        "本人受邀担任评审专家，郑重承诺：\n"
        "一、严格遵守评审纪律，独立、客观、公正地评审，不受任何单位或个人干扰；\n"
        "二、对评审材料、评审过程、评审意见和评审结果严格保密，不复制、不外传、不泄露；\n"
        "三、与被评审单位或个人存在利害关系（曾任职、亲属关系等）时，主动申请回避；\n"
        "四、不接受被评审单位或个人的宴请、礼品、礼金，不私下接触被评审对象。\n"
        "如有违反，本人愿承担相应责任。"
    )
