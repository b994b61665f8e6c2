"""Expert pool and panel draw (专家库, 专家抽取, 回避, 保密承诺书, 候补).

Records (models, pool_models):
    ExpertField      a value of 学段 / 学科 / 专长 (FieldKind): data, one vocabulary for the city
    Expert           one person in one department's pool: home organisation (for 回避), fields,
                     title, is_active (out of the pool: no later draw picks them)
    ExpertConflict   an organisation (and all under it) the expert must not review, with the reason
    Panel            a panel (专家评审组) for one item or a group of items: department, campaign,
                     size (≥ 3), reserves, required fields, the draw's seed, the pledge text,
                     closed_at
    PanelItem        which items a panel reviews; `current` (one current panel per item)
    Seat             one expert's place: position, state (SeatState: invited, accepted, declined,
                     reserve), is_chair (组长), seated_at, pledged_at, declined_at and reason,
                     replaced_by (the reserve who took a declined seat)

Services (each one transaction, audited on the expert or the panel):
    pool.add_expert, edit_expert, set_expert_active, add_conflict, remove_conflict
    draw.draw_panel(*, items, size, by, reserves=0, fields=(), title="", campaign=None,
                    pledge_text=None) -> Panel                  refusals in draw's docstring
    seats.accept_pledge(*, seat, by), decline_seat(*, seat, by, reason), close_panel(*, panel, by)

For a scoring step (selectors; read only):
    current_panel(item) -> Panel | None
    scorers(item) -> [Seat]            the experts who may score the item now: pledge accepted,
                                       on its current open panel (seat.expert.user is the person)
    may_score(user, item) -> bool      the same question for one person (rules.may_score)
    chair(panel) -> Seat | None        the chair, who may send a sheet back for correction
    seats_of(panel), items_of(panel), draw_record(panel) (the audit of the draw)

Who may do and see what is rules.py (the seat rule: an expert sees a panel's items only once the
pledge is accepted, through the participation accept_pledge writes). The draw without the database
(exclusions with reasons, load-then-seed order, replay) is lots.py.
"""
