from rehat.lessons.domain.markup import plain_text, render_markup


def test_html_in_a_lesson_file_is_escaped():
    html = render_markup('<script>alert(1)</script> **tebal** <a href="x">')

    assert html == (
        "<p>&lt;script&gt;alert(1)&lt;/script&gt; <strong>tebal</strong> "
        "&lt;a href=&quot;x&quot;&gt;</p>"
    )


def test_lists_quotes_headings_and_citations_render():
    text = '### Judul\n- satu\n- dua\n\n1. pertama\n2. kedua\n\n> "Kalimat"\n\nFakta [1].'

    html = render_markup(text)

    assert html.split("\n") == [
        "<h3>Judul</h3>",
        "<ul><li>satu</li><li>dua</li></ul>",
        "<ol><li>pertama</li><li>kedua</li></ol>",
        '<blockquote class="phrase"><p>&quot;Kalimat&quot;</p></blockquote>',
        '<p>Fakta <sup><a href="#sumber-1">[1]</a></sup>.</p>',
    ]


def test_plain_text_drops_markup():
    assert plain_text("**Satu** dua\n\n- tiga") == "Satu dua tiga"
