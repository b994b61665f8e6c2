"""The admin in Chinese, for the demo's superuser: nothing to seed (the other pieces' events,
processes and tasks are what it shows), only where to look."""

from workflows.demo.guide import Try


def seed() -> list[Try]:
    return [Try("admin", "点顶部的「系统管理」：审计事件的动作和状态、流程引擎的流程实例与任务（流程、事项、环节、办理人）、"
                         "登录防护与周期任务都是中文；在审计事件里按“动作”筛选，如“颁发证书”。")]
