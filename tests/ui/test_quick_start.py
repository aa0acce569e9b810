"""The quick start: the window shows the works list at once; the services arrive behind it."""
from __future__ import annotations

from PySide6.QtCore import Qt

from veeduria_app.app import AppController, launch
from veeduria_app.services.container import build_services


class HeldPool:
    """Starts jobs only when the test says so: the moment between window and services, frozen."""

    def __init__(self) -> None:
        self.jobs: list = []

    def start(self, work) -> None:
        self.jobs.append(work)

    def release(self, qtbot=None) -> None:
        if qtbot is not None:  # the build is asked for after the first frame (or a short wait)
            qtbot.waitUntil(lambda: bool(self.jobs))
        while self.jobs:
            self.jobs.pop(0)()

    def wait(self, timeout=None) -> None:
        self.release()


def start_held(qtbot, folder) -> tuple[AppController, HeldPool]:
    pool = HeldPool()
    controller = AppController(folder, pool=pool, ask_welcome=False)  # type: ignore[arg-type]
    window = controller.start()
    assert window is not None
    qtbot.addWidget(window)
    return controller, pool


def test_the_works_list_shows_before_the_services(qtbot, demo_folder):
    controller, pool = start_held(qtbot, demo_folder)
    window = controller.window
    page = window.page("works")
    assert not controller.ready and window.ctx.services is None
    assert page.model.total >= 12 and page.model.rowCount() >= 12
    qtbot.keyClicks(page.search, "gaviotas")  # filtering works from the snapshot already
    assert page.model.rowCount() == 1
    assert not page.new_button.isEnabled() and not page.archive_button.isEnabled()
    assert not window.data_menu.isEnabled()
    pool.release(qtbot)
    qtbot.waitUntil(lambda: controller.ready)
    assert page.new_button.isEnabled() and page.archive_button.isEnabled() and window.data_menu.isEnabled()
    assert page.model.rowCount() == 1  # the user's filter survives the hand-over
    assert window.session is not None
    controller._close_current()


def test_a_page_asked_for_early_opens_when_the_services_arrive(qtbot, demo_folder):
    controller, pool = start_held(qtbot, demo_folder)
    window = controller.window
    window.show_page("contracts")
    assert window.stack.currentWidget() is window.loading
    pool.release(qtbot)
    qtbot.waitUntil(lambda: controller.ready)
    assert window.stack.currentWidget() is window._frames["contracts"]
    controller._close_current()


def test_a_work_opened_early_opens_when_the_services_arrive(qtbot, demo_folder):
    controller, pool = start_held(qtbot, demo_folder)
    window = controller.window
    page = window.page("works")
    page.table.selectRow(0)
    expected = page.selected_work()
    qtbot.mouseClick(page.open_button, Qt.MouseButton.LeftButton)
    assert window.detail is None and window.stack.currentWidget() is window.loading
    pool.release(qtbot)
    qtbot.waitUntil(lambda: window.detail is not None)
    assert window.detail.work_id == expected.id
    controller._close_current()


def test_services_load_on_a_real_thread_after_the_first_frame(qtbot, demo_folder):
    app, controller, window = launch(["--data-dir", str(demo_folder.path)])
    qtbot.addWidget(window)
    assert window.page("works").model.total >= 12
    qtbot.waitUntil(lambda: controller.ready, timeout=30_000)
    assert controller.services.works.count() == window.page("works").model.total
    controller._close_current()


def test_closing_before_the_services_arrive_closes_them_too(qtbot, demo_folder, monkeypatch):
    from veeduria_app.services.container import Services

    closed = []
    original = Services.close
    monkeypatch.setattr(Services, "close", lambda self: closed.append(self) or original(self))
    controller, pool = start_held(qtbot, demo_folder)
    qtbot.waitUntil(lambda: bool(pool.jobs))  # loading has begun…
    controller._close_current()  # …and the user closes the window: the build finishes, then is closed
    assert controller.services is None and len(closed) == 1


def test_accounts_take_the_ordinary_road_with_the_login_first(qtbot, demo_folder):
    services = build_services(demo_folder)
    try:
        services.accounts.create("rosa", "clave-de-rosa", role="coordinador")
    finally:
        services.close()
    controller = AppController(demo_folder, pool=HeldPool(), ask_welcome=False)  # type: ignore[arg-type]
    window = controller.start()
    qtbot.addWidget(window)
    assert controller.ready and window.ctx.startup is None  # no data shown from a snapshot
    assert window.session.dialog.isVisible() and not window.centralWidget().isVisible()
    controller._close_current()
