from monitoring.services.procedure import participant_names


def test_participant_names_accept_every_separator_cadres_type():
    assert participant_names("张三、李四，王五,赵六\n钱七\r\n孙八；周九") == [
        "张三", "李四", "王五", "赵六", "钱七", "孙八", "周九",
    ]  # fmt: skip


def test_participant_names_drop_empty_pieces():
    assert participant_names(" 、张三、、\n\n李四、 ") == ["张三", "李四"]
    assert participant_names("") == []
