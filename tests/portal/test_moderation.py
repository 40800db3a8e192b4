import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from portal.editorial import EDITORS_GROUP, editorial_setup_ensure
from tests.community.factories import StewardFactory, UserFactory
from tests.portal.factories import guidance_index, guidance_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def workflow():
    return editorial_setup_ensure()


@pytest.fixture
def editor(workflow):
    person = UserFactory()
    person.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return person


@pytest.fixture
def steward_with_workflow(workflow):
    return StewardFactory()


@pytest.fixture
def live_page(home_page, workflow):
    return guidance_page(parent=guidance_index(parent=home_page), title="Original title")


def submit_edit(page, editor, workflow, *, title):
    page.title = title
    revision = page.save_revision(user=editor)
    workflow.start(page, editor)
    return revision


def test_every_page_is_under_the_steward_approval_workflow(live_page, workflow):
    assert live_page.get_workflow() == workflow


def test_editors_cannot_publish(live_page, editor):
    assert live_page.permissions_for_user(editor).can_edit()
    assert not live_page.permissions_for_user(editor).can_publish()


def test_stewards_can_publish(live_page, steward_with_workflow):
    assert live_page.permissions_for_user(steward_with_workflow).can_publish()


def test_an_editors_change_is_not_live_until_a_steward_approves(live_page, editor, workflow):
    submit_edit(live_page, editor, workflow, title="Edited title")

    assert Page.objects.get(pk=live_page.pk).title == "Original title"
    assert live_page.current_workflow_state.status == "in_progress"


def test_a_steward_approving_the_change_publishes_it(
    live_page, editor, steward_with_workflow, workflow
):
    submit_edit(live_page, editor, workflow, title="Edited title")
    task_state = live_page.current_workflow_task_state

    task_state.task.specific.on_action(task_state, steward_with_workflow, "approve")

    assert Page.objects.get(pk=live_page.pk).title == "Edited title"


def test_an_editor_cannot_approve_their_own_change(live_page, editor, workflow):
    submit_edit(live_page, editor, workflow, title="Edited title")
    task = live_page.current_workflow_task

    assert task.specific.get_actions(live_page, editor) == []


def test_a_steward_rejecting_the_change_keeps_the_live_page(
    live_page, editor, steward_with_workflow, workflow
):
    submit_edit(live_page, editor, workflow, title="Edited title")
    task_state = live_page.current_workflow_task_state

    task_state.task.specific.on_action(task_state, steward_with_workflow, "reject")

    assert Page.objects.get(pk=live_page.pk).title == "Original title"


def test_editorial_setup_can_run_repeatedly(workflow):
    assert editorial_setup_ensure() == workflow
