"""The candidates endpoints' one shape: whom an act may choose, searched by name (`?q=`) and
paginated. Each endpoint asks its feature's rule for the candidates (workflows.engine.people says
how they are labelled and searched), so a search never finds anyone the act would refuse."""

from rest_framework.generics import GenericAPIView

from workflows.api.requests import PeopleQuery
from workflows.api.serializers import CandidateSerializer
from workflows.engine import people


class CandidatesView(GenericAPIView):
    """A GET listing candidates: a subclass reads its parameters (`read_query`), asks its rule and
    answers with `answer`."""

    serializer_class = CandidateSerializer
    query_class = PeopleQuery

    def read_query(self, request) -> dict:
        params = self.query_class(data=request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data

    def answer(self, candidates, query: dict):
        page = self.paginate_queryset(people.search(candidates, query.get("q", "")))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
