"""Form code several pages share: rows of one form each, with "Add another row".

Such a page draws its rows again when a row is added, keeping what was typed: the view
reads what each bound row holds (`values_of`) and gives the rows to a new, unbound formset
one row longer (`rows=`). Rows left blank are left out.
"""

from __future__ import annotations

from django import forms


class RedrawnRows(forms.BaseFormSet):
    """Rows that can be drawn again, unbound, with what was typed into them."""

    def __init__(self, *args, rows: list[dict] | None = None, **kwargs):
        self.rows = rows or []
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if not self.is_bound and index < len(self.rows):
            kwargs["initial"] = self.rows[index]
        return kwargs

    def filled(self) -> list[forms.Form]:
        """The rows with something in them, in order."""
        return [form for form in self.forms if form.has_changed()]


def redrawn_rows(
    form: type[forms.Form], *, extra: int, max_rows: int, formset: type[RedrawnRows] = RedrawnRows
) -> type[RedrawnRows]:
    """A formset of `form` drawing `extra` rows (at least one), and taking no more than
    `max_rows`."""
    return forms.formset_factory(
        form,
        formset=formset,
        extra=min(max(extra, 1), max_rows),
        max_num=max_rows,
        absolute_max=max_rows,
        validate_max=True,
    )


def values_of(form: forms.Form) -> dict:
    """What was typed into a bound form, to draw it again unbound (without checking it).
    A field the post did not hold at all (a row added since) is left out, so that it
    shows its initial value, as a blank row does."""
    return {
        bound.name: bound.value()
        for bound in form
        if not bound.field.widget.value_omitted_from_data(form.data, form.files, bound.html_name)
    }
