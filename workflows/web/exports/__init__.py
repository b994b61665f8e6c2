"""导出 Excel: 待办, 可领取, 已办, 事项查询 (with its filters) and 统计 as .xlsx (openpyxl). Every
export reads the rows through its page's own spec (`workflows.web.views.lists.LISTS`: the same
selectors, filters and sort) or, for 统计, the page's own tables, so it shows what the page shows
and nothing outside the reader's scope."""
