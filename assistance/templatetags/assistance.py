from django import template

from ..selectors import case_plan

register = template.Library()


@register.inclusion_tag("assistance/case_section.html", takes_context=True)
def assistance_section(context, case):
    """``{% load assistance %}{% assistance_section case %}``: the plan section of a case page."""
    return {
        "plan": case_plan(case, context["request"].user),
        "request": context["request"],
        "csrf_token": context.get("csrf_token"),
    }
