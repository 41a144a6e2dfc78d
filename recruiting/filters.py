"""The candidate list's and the careers page's filters, search and sort."""

from __future__ import annotations

import django_filters
from django import forms

from backoffice.core.pagination import EXACT_BELOW
from backoffice.core.widgets import QuickSelect, RangeBoxes, ValuesChoiceIterator
from backoffice.people.models import Department
from recruiting.models.candidates import Application, Candidate, Tag
from recruiting.models.requisitions import Requisition
from recruiting.search import jobs_search
from recruiting.selectors.candidate_search import candidates_search, is_ranked

# A search in the list's default order ranks the newest this many matches: the list never
# offers more rows than that (EstimatedCountPaginator), and ranking all of a common name's
# matches is what made it slow (issue 22).
SEARCH_NEWEST = EXACT_BELOW


class CandidateListFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    requisition = django_filters.ModelChoiceFilter(
        queryset=Requisition.objects.none(), empty_label="Any", widget=QuickSelect
    )
    # QuickSelect: options written in Python, not one template each (~0.2 ms a list).
    stage = django_filters.ChoiceFilter(
        choices=Application.Stage.choices, empty_label="Any", widget=QuickSelect
    )
    source = django_filters.CharFilter(lookup_expr="iexact")
    experience = django_filters.RangeFilter(
        field_name="years_experience",
        label="Years of experience",
        widget=RangeBoxes(attrs={"min": 0}, input_type="number", labels=("min", "max")),
    )
    skill = django_filters.CharFilter(
        field_name="candidate__skills", lookup_expr="icontains", label="Skill"
    )
    applied = django_filters.DateFromToRangeFilter(
        field_name="applied_at",
        label="Applied between",
        widget=RangeBoxes(input_type="date"),
    )
    tag = django_filters.ModelChoiceFilter(
        method="with_tag",
        queryset=Tag.objects.all(),
        to_field_name="name",
        label="Tag",
        empty_label="Any",
        widget=QuickSelect,
    )
    sort = django_filters.OrderingFilter(
        fields=(
            ("applied_at", "applied"),
            ("candidate__name", "name"),
            ("years_experience", "experience"),
            ("stage_changed_at", "in_stage"),
        ),
        field_labels={
            "applied": "Applied",
            "name": "Name",
            "experience": "Experience",
            "in_stage": "Time in stage",
        },
        label="Sort by",
        empty_label="Newest first",
    )

    class Meta:
        model = Application
        fields = []

    def __init__(self, *args, user, snippets: bool = True, listed: bool = True, **kwargs):
        """`listed`: for the list's pages, which offer the first 1,000 rows at most: a search
        in the default order then ranks the newest 1,000 matches only (the CSV export ranks
        them all)."""
        super().__init__(*args, **kwargs)
        self.snippets = snippets
        self.listed = listed
        self.search_bound: int | None = None
        # Only what the options show: there can be hundreds, each with a long description.
        self.filters["requisition"].queryset = (
            Requisition.objects.visible_to(user).only("pk", "title").order_by("title")
        )
        # Options as (pk, title) rows: a model per requisition was most of the page at 2,000.
        requisition = self.form.fields["requisition"]
        requisition.iterator = ValuesChoiceIterator.of("title")
        requisition.widget.choices = requisition.choices
        self.form.fields["q"].widget = forms.TextInput(
            attrs={"placeholder": "Name, email, skill, tag or resume words", "type": "search"}
        )

    def search(self, queryset, name, value):
        # Applied in `qs`, after every other filter: the newest matches must be the newest
        # among the rows the other filters keep.
        return queryset

    def with_tag(self, queryset, name, tag):
        # A subquery rather than a join: one row per application without DISTINCT, which would
        # sort every matching row at scale.
        tagged = Candidate.tags.through.objects.filter(tag=tag).values("candidate_id")
        return queryset.filter(candidate_id__in=tagged)

    @property
    def qs(self):
        queryset = super().qs
        data = getattr(self.form, "cleaned_data", {})
        value = (data.get("q") or "").strip()
        sorted_by = data.get("sort")
        # How many of the newest matches the search ranked (None: all of them).
        self.search_bound = None
        if value:
            newest = SEARCH_NEWEST if self.listed and not sorted_by else None
            self.search_bound = newest if is_ranked(queryset) else None
            queryset = candidates_search(queryset, value, snippets=self.snippets, newest=newest)
        if not sorted_by:
            # Searched: the best matches first (PostgreSQL ranks them); else newest first.
            if value and is_ranked(queryset):
                queryset = queryset.order_by("-search_rank", "-applied_at", "-pk")
            else:
                queryset = queryset.order_by("-applied_at", "-pk")
        return queryset


class CareersFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    department = django_filters.ModelChoiceFilter(queryset=Department.objects.all())
    location = django_filters.CharFilter(lookup_expr="icontains")
    employment_type = django_filters.ChoiceFilter(choices=Requisition.EmploymentType.choices)

    class Meta:
        model = Requisition
        fields = []

    def search(self, queryset, name, value):
        return jobs_search(queryset, value)
