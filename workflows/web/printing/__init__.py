"""打印审批单: one item's approval sheet (its data, every step's opinion with who and when, and
where it stands now) as a print page and as a PDF. Both read the item page's own data
(`workflows.web.detail.item_page`), so the sheet shows exactly what the reader may see there:
the same scope (`selectors.get_item_for`), the same hidden expert names."""
