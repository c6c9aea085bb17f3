import gc


def test_wsgi_worker_freezes_startup_objects_and_raises_gc_threshold():
    before = gc.get_threshold()
    try:
        import config.wsgi  # noqa: F401
        from config.gc_tuning import tune

        tune()
        assert gc.get_threshold()[0] == 50_000
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
