from django.urls import path

from workflows.web.views import extensions, handover, item, lists, proxies, signers, stats, urge

app_name = "workflows"
urlpatterns = [
    path("todo/", lists.todo, name="todo"),
    path("claimable/", lists.claimable, name="claimable"),
    path("done/", lists.done, name="done"),
    path("mine/", lists.mine, name="mine"),
    path("items/", lists.search, name="items"),
    path("items/<int:pk>/", item.item_detail, name="item"),
    path("items/<int:pk>/withdraw/", item.withdraw, name="withdraw"),
    path("tasks/<int:pk>/claim/", item.claim, name="claim"),
    path("tasks/<int:pk>/unclaim/", item.unclaim, name="unclaim"),
    path("tasks/<int:pk>/decide/", item.decide, name="decide"),
    path("tasks/<int:pk>/transfer/", handover.transfer, name="transfer"),
    path("tasks/<int:pk>/delegate/", handover.delegate, name="delegate"),
    path("tasks/<int:pk>/cc/", handover.cc, name="cc"),
    path("tasks/<int:pk>/hand-back/", handover.hand_back, name="hand_back"),
    path("tasks/<int:pk>/recall/", handover.recall, name="recall"),
    path("cc/", lists.copied, name="copied"),
    path("tasks/<int:pk>/urge/", urge.urge, name="urge"),
    path("proxies/", proxies.proxies_page, name="proxies"),
    path("proxies/<int:pk>/end/", proxies.end_proxy, name="end_proxy"),
    path("tasks/<int:pk>/extension/", extensions.ask, name="extension_ask"),
    path("extensions/", extensions.extension_list, name="extensions"),
    path("extensions/<int:pk>/grant/", extensions.grant, name="extension_grant"),
    path("extensions/<int:pk>/refuse/", extensions.refuse, name="extension_refuse"),
    path("tasks/<int:pk>/add-signer/", signers.add_signer, name="add-signer"),
    path("tasks/<int:pk>/remove-signer/", signers.remove_signer, name="remove-signer"),
    path("sign-steps/<int:pk>/add-signer/", signers.step_add_signer, name="step-add-signer"),
    path("sign-steps/<int:pk>/remove-signer/", signers.step_remove_signer, name="step-remove-signer"),
    path("sign-steps/<int:pk>/redraw-signer/", signers.step_redraw_signer, name="step-redraw-signer"),
    path("stats/", stats.statistics_page, name="stats"),
]
