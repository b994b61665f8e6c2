"""What one PDF costs to render (`make bench`; never CI), and so why rendering left the act.

Renders, several times each, a certificate and 发文 documents naming 1, 10 and 150 schools, and
prints the median and spread. A list act that approves 150 items issues 150 certificates: with
rendering inside its transaction (before workflows.engine.rendering) it held its locks for about
150 × the certificate's time; now the act writes rows only and the worker renders afterwards.
No database: the renderers read unsaved rows.
"""

import datetime
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "core.settings")
os.environ.setdefault("DATABASE_URL", "")
os.environ.setdefault("DEBUG", "true")  # the zero-setup settings; nothing here reads secrets

RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def timed(work) -> list[float]:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return times


def main():
    import django

    django.setup()
    from django.utils import translation

    from workflows.engine.certificates import codes
    from workflows.engine.certificates.models import Certificate
    from workflows.engine.certificates.render import certificate_pdf
    from workflows.engine.documents.render import render

    translation.activate("zh-hans")
    day = datetime.date(2026, 6, 1)
    certificate = Certificate(number="XYJH-2026-0001", holder="沈阳市和平区第一实验小学", programme="新优质均衡(示范)学校",
                              title="新优质均衡(示范)学校认定", issued_on=day, starts_on=day,
                              valid_until=datetime.date(2029, 5, 31))
    code = codes.new_code()
    rows = [("certificate", timed(lambda: certificate_pdf(certificate, code)))]
    for count in (1, 10, 150):
        lines = [f"{n}.沈阳市第{n}中学：新优质均衡(示范)学校" for n in range(1, count + 1)]
        rows.append((f"document, {count} lines", timed(lambda: render(
            agency="沈阳市教育局", number_text="沈教发〔2026〕12号", title="关于公布新优质均衡学校名单的通知",
            opening="经学校申报、区县推荐、专家评审和公示，现将名单公布如下：", lines=lines, closing="特此通知。",
            issued_on=day))))
    print(f"PDF rendering, {RUNS} runs each (load average {os.getloadavg()[0]:.1f})")
    for name, times in rows:
        print(f"  {name:<22} median {statistics.median(times):6.3f} s   min {min(times):6.3f} s   max {max(times):6.3f} s")
    per_certificate = statistics.median(rows[0][1])
    print(f"  a 150-item approval rendering in its act would hold its locks ~{150 * per_certificate:.0f} s; "
          "now 0 s (rendered after commit)")


if __name__ == "__main__":
    main()
