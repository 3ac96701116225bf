//! Data-driven tests of every reader: an input and the rendering of what was
//! read from it. Update the expectations with `UPDATE_EXPECT=1`.

use expect_test::{expect, Expect};
use marsad_ingest::{read_bytes, Article, Format, IngestError, ReadOptions};

/// Renders each result: an article's fields (text last, indented), or an
/// error's kind and display.
fn render(results: &[Result<Article, IngestError>]) -> String {
    let mut out = String::new();
    for result in results {
        match result {
            Ok(a) => {
                out.push_str(&format!("ok {} [{}]\n", a.id, a.input));
                match &a.outlet {
                    Some(outlet) => {
                        assert_eq!(outlet, &a.source, "a named outlet is the source");
                        out.push_str(&format!("  source: {} (outlet)\n", a.source));
                    }
                    None => out.push_str(&format!("  source: {} (no outlet named)\n", a.source)),
                }
                if let Some(date) = a.date {
                    out.push_str(&format!("  date: {date}\n"));
                }
                if let Some(title) = &a.title {
                    out.push_str(&format!("  title: {title}\n"));
                }
                if let Some(url) = &a.url {
                    out.push_str(&format!("  url: {url}\n"));
                }
                for w in &a.warnings {
                    out.push_str(&format!("  warning: {w}\n"));
                }
                out.push_str(&format!("  text: {:?}\n", a.text));
            }
            Err(e) => out.push_str(&format!("err {}: {e}\n", e.kind)),
        }
    }
    out
}

/// Reads `input` as the file `name` (format by extension or sniffing).
fn check(name: &str, input: &str, expected: Expect) {
    check_bytes(name, input.as_bytes(), expected);
}

fn check_bytes(name: &str, input: &[u8], expected: Expect) {
    expected.assert_eq(&render(&read_bytes(name, input, &ReadOptions::default())));
}

fn check_with(name: &str, input: &str, opts: &ReadOptions, expected: Expect) {
    expected.assert_eq(&render(&read_bytes(name, input.as_bytes(), opts)));
}

#[test]
fn dated_text() {
    check(
        "a.txt",
        " date 2025-12-31 قصفت طائرات مسيّرة القاعدة.\n",
        expect![[r#"
            ok a [a.txt byte 17]
              source: a.txt (no outlet named)
              date: 2025-12-31
              text: "قصفت طائرات مسي\u{651}رة القاعدة."
        "#]],
    );
    check(
        "dir/b.txt",
        "date 2026-01-02\n\nالسطر الأول.\r\nالسطر الثاني.\r\n\r\n",
        expect![[r#"
            ok b [dir/b.txt byte 17]
              source: dir/b.txt (no outlet named)
              date: 2026-01-02
              text: "السطر الأول.\r\nالسطر الثاني."
        "#]],
    );
    check(
        "c.txt",
        "DATE: 2026-01-03 نص",
        expect![[r#"
            ok c [c.txt byte 17]
              source: c.txt (no outlet named)
              date: 2026-01-03
              text: "نص"
        "#]],
    );
    check(
        "d.txt",
        "\u{feff}date 2026-01-03 نص",
        expect![[r#"
            ok d [d.txt byte 19]
              source: d.txt (no outlet named)
              date: 2026-01-03
              text: "نص"
        "#]],
    );
    check(
        "e.txt",
        "  خبر بلا تاريخ.\n",
        expect![[r#"
            ok e [e.txt byte 2]
              source: e.txt (no outlet named)
              text: "خبر بلا تاريخ."
        "#]],
    );
    check(
        "f.txt",
        "dates are not a header",
        expect![[r#"
            ok f [f.txt byte 0]
              source: f.txt (no outlet named)
              text: "dates are not a header"
        "#]],
    );
    check(
        "g.txt",
        "date 2025-13-45 نص",
        expect![[r#"
            ok g [g.txt byte 16]
              source: g.txt (no outlet named)
              warning: unreadable date "2025-13-45" in the date header
              text: "نص"
        "#]],
    );
    check(
        "h.txt",
        "date 2025-12-31   \n",
        expect![[r#"
        err empty: h.txt: no article body after the date header
    "#]],
    );
    check(
        "i.txt",
        "date ٢٠٢٥-١٢-٣١\nنص",
        expect![[r#"
            ok i [i.txt byte 24]
              source: i.txt (no outlet named)
              date: 2025-12-31
              text: "نص"
        "#]],
    );
}

#[test]
fn text_body_is_a_verbatim_slice_of_the_file() {
    let file = "\u{feff} date 2025-12-31 أولاً\r\nثانياً  \n";
    let results = read_bytes("a.txt", file.as_bytes(), &ReadOptions::default());
    let article = results[0].as_ref().unwrap();
    let start = article.input.byte.unwrap() as usize;
    assert_eq!(&file[start..start + article.text.len()], article.text);
}

#[test]
fn default_date_fills_in() {
    let opts =
        ReadOptions { default_date: chrono::NaiveDate::from_ymd_opt(2026, 2, 1), ..ReadOptions::default() };
    check_with(
        "a.txt",
        "نص بلا تاريخ",
        &opts,
        expect![[r#"
            ok a [a.txt byte 0]
              source: a.txt (no outlet named)
              date: 2026-02-01
              text: "نص بلا تاريخ"
        "#]],
    );
}

#[test]
fn jsonl_both_corpora_shapes() {
    let input = concat!(
        r#"{"docno": "BB-1", "url": "http://x.invalid/1", "src": "BBC", "title": " عنوان  أول ", "time": "Sun, 18 Feb 2018 23:50:44 +0300", "abstract": "ملخص", "text": "نص الخبر الأول."}"#,
        "\n",
        r#"{"source": "aawsat", "url": "http://x.invalid/2", "date_extracted": "2015-07-21 02:51:32", "title": "عنوان ثان", "author": "كاتب", "content": "نص\r\nالخبر الثاني."}"#,
        "\n\n   \n",
        r#"{"id": 7, "body": "نص ثالث", "meta": {"published": "2020-01-01"}}"#,
        "\n",
    );
    check(
        "news.jsonl",
        input,
        expect![[r#"
            ok BB-1 [news.jsonl:1 byte 0]
              source: BBC (outlet)
              date: 2018-02-18
              title: عنوان أول
              url: http://x.invalid/1
              text: "نص الخبر الأول."
            ok news:2 [news.jsonl:2 byte 200]
              source: aawsat (outlet)
              date: 2015-07-21
              title: عنوان ثان
              url: http://x.invalid/2
              text: "نص\r\nالخبر الثاني."
            ok 7 [news.jsonl:5 byte 395]
              source: news.jsonl (no outlet named)
              text: "نص ثالث"
        "#]],
    );
}

#[test]
fn jsonl_dotted_field_paths() {
    let mut opts = ReadOptions::default();
    opts.fields.date.insert(0, "meta.published".to_string());
    check_with(
        "n.jsonl",
        r#"{"body": "نص", "meta": {"published": "2020-01-01"}}"#,
        &opts,
        expect![[r#"
            ok n:1 [n.jsonl:1 byte 0]
              source: n.jsonl (no outlet named)
              date: 2020-01-01
              text: "نص"
        "#]],
    );
}

#[test]
fn jsonl_errors_name_the_line_and_the_batch_goes_on() {
    let input = concat!(
        "{\"text\": \"جيد\"}\n",
        "{\"text\": \"مقطوع\n",
        "{\"text\": \"x\",}\n",
        "[1, 2]\n",
        "{\"title\": \"بلا نص\"}\n",
        "{\"text\": \"   \"}\n",
        "{\"text\": 42}\n",
        "{\"text\": \"تاريخ سيئ\", \"date\": \"أمس\"}\n",
        "{\"text\": \"جيد أيضاً\"}",
    );
    check(
        "b.jsonl",
        input,
        expect![[r#"
            ok b:1 [b.jsonl:1 byte 0]
              source: b.jsonl (no outlet named)
              text: "جيد"
            err invalid-json: b.jsonl:2: truncated JSON at column 20: EOF while parsing a string
            err invalid-json: b.jsonl:3: invalid JSON at column 14: trailing comma
            err not-an-object: b.jsonl:4: expected a JSON object, found an array
            err missing-text: b.jsonl:5: no text field (looked for text, content, body, article, maintext)
            err empty-text: b.jsonl:6: text field "text" is empty
            err empty-text: b.jsonl:7: text field "text" is a number, not a string
            ok b:8 [b.jsonl:8 byte 116]
              source: b.jsonl (no outlet named)
              warning: unreadable date "أمس" in field "date"
              text: "تاريخ سيئ"
            ok b:9 [b.jsonl:9 byte 164]
              source: b.jsonl (no outlet named)
              text: "جيد أيضا\u{64b}"
        "#]],
    );
}

#[test]
fn jsonl_bad_bytes() {
    check_bytes(
        "u.jsonl",
        b"{\"text\": \"ok\"}\n{\"text\": \"\xd8\"}\n{\"text\": \"ok2\"}\n",
        expect![[r#"
            ok u:1 [u.jsonl:1 byte 0]
              source: u.jsonl (no outlet named)
              text: "ok"
            err invalid-utf8: u.jsonl:2 byte 25: invalid UTF-8 (bytes d8 22 7d); convert the input to UTF-8
            ok u:3 [u.jsonl:3 byte 29]
              source: u.jsonl (no outlet named)
              text: "ok2"
        "#]],
    );
    check_bytes(
        "bin.jsonl",
        b"\x00\x01\x02{\"text\": 1}\n",
        expect![[r#"
        err binary: bin.jsonl: binary data: NUL byte at byte 0
    "#]],
    );
    check_bytes(
        "bom.jsonl",
        b"\xEF\xBB\xBF{\"text\": \"x\"}\r\n",
        expect![[r#"
            ok bom:1 [bom.jsonl:1 byte 3]
              source: bom.jsonl (no outlet named)
              text: "x"
        "#]],
    );
    check_bytes(
        "empty.jsonl",
        b"\n\n",
        expect![[r#"
        err empty: empty.jsonl: input is empty
    "#]],
    );
}

#[test]
fn oversize_articles_are_reported_with_size_and_limit() {
    let opts = ReadOptions { max_article_bytes: 10, ..ReadOptions::default() };
    check_with(
        "big.txt",
        "date 2026-01-01 نص طويل جداً",
        &opts,
        expect![[r#"
        err too-large: big.txt byte 16: article text is 22 bytes, over the limit of 10 bytes
    "#]],
    );
    check_with(
        "big.jsonl",
        "{\"text\": \"نص طويل جداً\"}\n{\"text\": \"قصير\"}\n",
        &opts,
        expect![[r#"
            err too-large: big.jsonl:1: article text is 22 bytes, over the limit of 10 bytes
            ok big:2 [big.jsonl:2 byte 35]
              source: big.jsonl (no outlet named)
              text: "قصير"
        "#]],
    );
    let tiny = ReadOptions { max_article_bytes: 1, ..ReadOptions::default() };
    let long_line = format!("{{\"text\": \"{}\"}}\n{{\"text\": \"ok\"}}\n", "x".repeat(70_000));
    check_with(
        "line.jsonl",
        &long_line,
        &tiny,
        expect![[r#"
        err too-large: line.jsonl:1: line is 70013 bytes, over the limit of 65544 bytes for a line (8 x max article size)
        err too-large: line.jsonl:2: article text is 2 bytes, over the limit of 1 bytes
    "#]],
    );
}

#[test]
fn bad_whole_inputs() {
    check_bytes(
        "x.txt",
        b"date 2026-01-01 \xd9\x86\xd8",
        expect![[r#"
        err invalid-utf8: x.txt byte 18: invalid UTF-8 (bytes d8); convert the input to UTF-8
    "#]],
    );
    check_bytes(
        "x.txt",
        b"",
        expect![[r#"
        err empty: x.txt: input is empty
    "#]],
    );
    check_bytes(
        "x.txt",
        b"\xEF\xBB\xBF \n\t",
        expect![[r#"
        err empty: x.txt: input is empty
    "#]],
    );
    check_bytes(
        "x.html",
        b"<p>a\x00b</p>",
        expect![[r#"
        err binary: x.html: binary data: NUL byte at byte 4
    "#]],
    );
    check_bytes(
        "x.bin",
        b"\x01\x02\x03\x04\x05abc",
        expect![[r#"
        err binary: x.bin: binary data: 5 control bytes in the first 8 bytes
    "#]],
    );
}

#[test]
fn html_page() {
    check(
        "testdata/page.html",
        include_str!("../testdata/page.html"),
        expect![[r#"
            ok page [testdata/page.html]
              source: موقع الاختبار (outlet)
              date: 2026-01-07
              title: مجلس الوزراء يقر موازنة العام الجديد
              url: https://example.invalid/news/budget-2026?ref=canonical
              text: "أقر مجلس الوزراء، مساء الأربعاء، مشروع قانون الموازنة العامة للعام الجديد بعد جلسة استمرت أكثر من خمس ساعات، وأحاله إلى مجلس النواب للتصويت عليه خلال الأسابيع المقبلة.\n\nوقال وزير المالية في مؤتمر صحفي عقب الجلسة إن الموازنة تبلغ نحو ١٥٠ تريليون دينار، وإن العجز المتوقع لن يتجاوز «الحدود الآمنة» التي حددتها الحكومة في برنامجها.\n\nوأضاف أن الحكومة خصصت جزءا\u{64b} كبيرا\u{64b} من النفقات الاستثمارية لمشاريع الكهرباء والمياه في المحافظات الجنوبية، إلى جانب تمويل بناء مدارس جديدة في المناطق التي شهدت نزوحا\u{64b} خلال السنوات الماضية.\n\nمن جهتها، طالبت كتل نيابية بمراجعة بنود الرواتب قبل التصويت، مشيرة إلى أن بعض الوزارات لم تقدم بيانات دقيقة عن أعداد موظفيها."
        "#]],
    );
}

#[test]
fn html_small_and_broken_pages() {
    check("a.html", "<html><head><title>عنوان</title></head><body><p>فقرة أولى.</p><p>فقرة &amp; ثانية.</p></body></html>", expect![[r#"
        ok a [a.html]
          source: a.html (no outlet named)
          title: عنوان
          text: "فقرة أولى.\n\nفقرة & ثانية."
    "#]]);
    check(
        "b.htm",
        "<div><h1>عنوان<p>نص بلا إغلاق <b>عريض",
        expect![[r#"
            ok b [b.htm]
              source: b.htm (no outlet named)
              title: عنواننص بلا إغلاق عريض
              text: "عنوان\nنص بلا إغلاق عريض"
        "#]],
    );
    check("c.html", "<html><head><meta name=\"date\" content=\"2026-01-12\"><script>x()</script></head><body><nav>قائمة</nav></body></html>", expect![[r#"
        err no-article-text: c.html: no article text in the page
    "#]]);
    check(
        "d.html",
        "<p>نص<time datetime=\"yesterday\">أمس</time></p>",
        expect![[r#"
            ok d [d.html]
              source: d.html (no outlet named)
              warning: unreadable publication date "yesterday"
              text: "نصأمس"
        "#]],
    );
}

#[test]
fn rss_feed() {
    check(
        "testdata/feed-rss.xml",
        include_str!("../testdata/feed-rss.xml"),
        expect![[r#"
            ok test-1 [testdata/feed-rss.xml item 1 byte 372]
              source: أخبار الاختبار (outlet)
              date: 2026-01-08
              title: وصول قافلة مساعدات إلى دير الزور
              url: https://example.invalid/news/1
              text: "وصلت قافلة مساعدات إنسانية تضم عشرين شاحنة إلى مدينة دير الزور صباح الخميس.\n\nوقال مسؤول محلي إن \"القافلة\" تحمل مواد غذائية وأدوية."
            ok feed-rss:item2 [testdata/feed-rss.xml item 2 byte 1102]
              source: أخبار الاختبار (outlet)
              date: 2026-01-09
              title: ارتفاع منسوب نهر دجلة & تحذيرات للسكان
              url: https://example.invalid/news/2
              text: "ارتفاع منسوب نهر دجلة & تحذيرات للسكان\n\nحذرت السلطات المحلية من ارتفاع منسوب النهر.\n\nودعت السكان إلى الابتعاد عن الضفاف فورا\u{64b}."
            ok https://example.invalid/news/3 [testdata/feed-rss.xml item 3 byte 1524]
              source: أخبار الاختبار (outlet)
              url: https://example.invalid/news/3
              warning: unreadable date "not a date"
              text: "خبر بلا عنوان عن افتتاح طريق سريع."
            err no-article-text: testdata/feed-rss.xml item 4 byte 1702: item has no title, description or content
        "#]],
    );
}

#[test]
fn atom_feed() {
    check(
        "testdata/feed-atom.xml",
        include_str!("../testdata/feed-atom.xml"),
        expect![[r#"
            ok urn:test:atom:1 [testdata/feed-atom.xml item 1 byte 190]
              source: موجز أطلس (outlet)
              date: 2026-01-10
              title: انطلاق مهرجان المسرح في تونس
              url: https://example.invalid/atom/1
              text: "انطلاق مهرجان المسرح في تونس\n\nانطلقت فعاليات مهرجان المسرح."
            ok urn:test:atom:2 [testdata/feed-atom.xml item 2 byte 623]
              source: موجز أطلس (outlet)
              date: 2026-01-11
              title: تدشين خط قطارات جديد
              url: https://example.invalid/atom/2
              text: "دشنت الحكومة خط قطارات يربط بين مدينتين.\n\nويبلغ طوله ٣٠٠ كيلومتر."
        "#]],
    );
}

#[test]
fn malformed_feeds() {
    check(
        "a.xml",
        "<rss><channel><item><title>أ</title></item><item><title>ب</title></channel></rss>",
        expect![[r#"
            ok a:item1 [a.xml item 1 byte 14]
              source: a.xml (no outlet named)
              title: أ
              text: "أ"
            err malformed-feed: a.xml byte 67: malformed XML: ill-formed document: expected `</item>`, but `</channel>` was found
        "#]],
    );
    check(
        "b.xml",
        "<html><body>ليست خلاصة</body></html>",
        expect![[r#"
        err malformed-feed: b.xml byte 0: not an RSS or Atom feed (the root element is <html>)
    "#]],
    );
    check(
        "c.xml",
        "<rss><channel><title>فارغة</title></channel></rss>",
        expect![[r#"
        err empty: c.xml: the feed has no items
    "#]],
    );
    check(
        "d.xml",
        "<rss><channel><item><title>أ</title>",
        expect![[r#"
        err malformed-feed: d.xml byte 37: the feed ends inside item 1
    "#]],
    );
    check(
        "e.xml",
        "<?xml version=\"1.0\"?>",
        expect![[r#"
        err malformed-feed: e.xml byte 0: no XML element found
    "#]],
    );
    check(
        "f.xml",
        "<rss/>",
        expect![[r#"
        err empty: f.xml: the feed has no items
    "#]],
    );
}

#[test]
fn explicit_format_overrides_detection() {
    let opts = ReadOptions { format: Format::Text, ..ReadOptions::default() };
    check_with(
        "a.jsonl",
        "{\"text\": \"x\"}",
        &opts,
        expect![[r#"
            ok a [a.jsonl byte 0]
              source: a.jsonl (no outlet named)
              text: "{\"text\": \"x\"}"
        "#]],
    );
}

#[test]
fn declared_non_utf8_encodings() {
    // "خبر عاجل" in windows-1256.
    let page = b"<html><head><meta charset=\"windows-1256\"><title>\xce\xc8\xd1</title></head><body><p>\xce\xc8\xd1 \xda\xc7\xcc\xe1</p></body></html>";
    check_bytes(
        "w.html",
        page,
        expect![[r#"
            ok w [w.html]
              source: w.html (no outlet named)
              title: خبر
              text: "خبر عاجل"
        "#]],
    );
    let feed = b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss><channel><item><title>\xce\xc8\xd1 \xda\xc7\xcc\xe1</title></item></channel></rss>";
    check_bytes(
        "w.xml",
        feed,
        expect![[r#"
            ok w:item1 [w.xml item 1 byte 59]
              source: w.xml (no outlet named)
              title: خبر عاجل
              text: "خبر عاجل"
        "#]],
    );
    // Plain text declares nothing: it must be UTF-8.
    check_bytes(
        "w.txt",
        b"\xce\xc8\xd1",
        expect![[r#"
        err invalid-utf8: w.txt byte 0: invalid UTF-8 (bytes ce c8 d1); convert the input to UTF-8
    "#]],
    );
}
