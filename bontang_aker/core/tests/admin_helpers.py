"""What the Django admin's pages post, for the apps' admin tests."""


def choose_action(client, url, action, objects):
    """What the action bar of a change list posts."""
    return client.post(url, {"action": action, "_selected_action": [o.pk for o in objects], "index": "0"})


def confirm_action(client, url, action, objects, **fields):
    """What an intermediate confirmation page (e.g. the reason page) posts back."""
    data = {"action": action, "_selected_action": [o.pk for o in objects], "post": "yes", **fields}
    return client.post(url, data)


def offered_actions(client, url) -> set[str]:
    """The actions the change list offers to the logged-in user."""
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["action_form"]  # None when no action is available at all
    return set(dict(form.fields["action"].choices)) if form else set()


def change_form_data(response) -> dict:
    """The POST a browser sends back from an admin change page, inline formsets included."""

    def fields_of(form):
        data = {}
        for name in form.fields:
            value = form[name].value()
            if value is None or value is False:
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
        return data

    data = fields_of(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(fields_of(formset.management_form))
        for form in formset.forms:
            data.update(fields_of(form))
    return data
