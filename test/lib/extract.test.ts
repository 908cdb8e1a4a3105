import { describe, expect, it } from 'vitest';
import {
  extract,
  extractHtml,
  extractMarkdown,
  plainTextTitle,
  StreamExtractor,
} from '../../functions/lib/extract.ts';

describe('extractMarkdown', () => {
  it('strips headings, emphasis, links, lists and code fences; blocks become paragraphs', () => {
    const md =
      '# The *Title*\n\nSome **bold** and [a link](http://x.y) with `code`\nwrapped.\n\n- one\n- two\n\n```js\nalert(1)\n```\n\n> quoted';
    const result = extractMarkdown(md);
    expect(result.title).toBe('The Title');
    expect(result.text).toBe('The Title\n\nSome bold and a link with code\nwrapped.\n\none\n\ntwo\n\nquoted');
  });

  it('drops paragraphs and list items of nothing but links, labelled or not, as HTML does', () => {
    const md =
      'Body with [a link](http://x.y) inside.\n\nRead more: [How Ukraine rebuilt its grid](https://e.x/g) · [Live updates](https://e.x/l)\n\n' +
      '- [Storm damages sea wall](/a)\n- [Ferry cut](/b)\n\nSee [the report](/r) for the figures.';
    expect(extractMarkdown(md).text).toBe('Body with a link inside.\n\nSee the report for the figures.');
  });

  it('decodes entities and strips inline HTML', () => {
    expect(extractMarkdown('Tom &amp; Jerry <b>bold</b>').text).toBe('Tom & Jerry bold');
  });

  it('drops YAML and TOML front matter and takes its title', () => {
    const yaml =
      '---\ntitle: "Why we moved"\nauthor: Lena Fischer\n---\n\nWhy We Moved\n============\n\nBody text.';
    expect(extractMarkdown(yaml)).toEqual({ text: 'Why We Moved\n\nBody text.', title: 'Why we moved' });
    const toml = "+++\ntitle = 'Release notes'\ndate = 2026-02-14\n+++\nBody.";
    expect(extractMarkdown(toml)).toEqual({ text: 'Body.', title: 'Release notes' });
    // A document that opens with a thematic break has no front matter.
    expect(extractMarkdown('---\n\nText after a rule.\n\n---\n\nMore.').text).toBe(
      'Text after a rule.\n\nMore.',
    );
    // Only the start of the document can hold it (a later piece of a streamed file cannot).
    expect(extractMarkdown('---\nkey: value\n---\nText', false).text).not.toBe('Text');
  });

  it('drops footnote markers, keeping the footnote text, and the gap an image leaves', () => {
    const md =
      'Latency fell by 12.5%.[^1] See the ![diagram](a.png) for details.\n\n[^1]: Measured in January.';
    expect(extractMarkdown(md).text).toBe(
      'Latency fell by 12.5%. See the for details.\n\nMeasured in January.',
    );
  });

  it('makes each footnote definition its own paragraph, without its label', () => {
    // Definitions on consecutive lines are one Markdown paragraph: the second label stayed.
    const md = 'Sick days fell.[^1] Revenue held.[^2]\n\n[^1]: Autonomy, 2023.\n[^2]: Company filings.';
    expect(extractMarkdown(md).text).toBe(
      'Sick days fell. Revenue held.\n\nAutonomy, 2023.\n\nCompany filings.',
    );
  });

  it('renders tables row by row', () => {
    expect(extractMarkdown('| a | b |\n|---|---|\n| c | d |').text).toBe('a | b\n\nc | d');
  });
});

describe('extractHtml', () => {
  it('drops scripts, styles, navigation and page furniture; decodes entities', () => {
    const html = `<html><head><title>Page</title><style>p{}</style></head><body>
      <nav><a href="/">Home</a></nav><div class="cookie-banner">Cookies!</div>
      <p>Tom&nbsp;&amp; Jerry&#8217;s <b>show</b>.</p><script>alert("x")</script>
      <p onclick="evil()">Second <a href="javascript:alert(1)">link</a></p><footer>(c)</footer></body></html>`;
    const result = extractHtml(html);
    expect(result.text).toBe('Tom\u00a0& Jerry’s show.\n\nSecond link');
    expect(result.title).toBe('Page');
  });

  it('keeps only the article when the page marks one, and takes its h1 as title', () => {
    const html =
      '<body><div>Sidebar junk</div><article><header><h1>Head  line</h1></header><p>Body text.</p></article></body>';
    expect(extractHtml(html)).toEqual({ text: 'Head line\n\nBody text.', title: 'Head line' });
  });

  it('makes list items and table rows separate paragraphs', () => {
    expect(
      extractHtml('<ul><li>a</li><li>b</li></ul><table><tr><td>1</td><td>2</td></tr></table>').text,
    ).toBe('a\n\nb\n\n1 | 2');
  });

  it('keeps <br> line breaks, and two <br> in a row end a paragraph', () => {
    const html =
      '<p>By Jane Porter<br>Tuesday 10 March</p><div>First paragraph.<br>\n<br>Second paragraph.</div>';
    expect(extractHtml(html).text).toBe(
      'By Jane Porter\nTuesday 10 March\n\nFirst paragraph.\n\nSecond paragraph.',
    );
    expect(extractHtml('<p><br>Lead <br> <br><br>tail<br></p>').text).toBe('Lead\n\ntail');
  });

  it('drops code blocks (as Markdown does) but keeps preformatted prose and inline code', () => {
    const html =
      '<p>Call <code>get_user</code>.</p><pre><code>console.log("Google");</code></pre>' +
      '<pre class="highlight python">print("Apple")</pre><pre>Wrapped\nprose.</pre>';
    expect(extractHtml(html).text).toBe('Call get_user.\n\nWrapped\nprose.');
  });

  it('drops footers, mastheads and consent banners marked by class or id', () => {
    const html =
      '<div id="masthead">Home &gt; Food</div><div class="post-body"><p>Story.</p></div>' +
      '<div class="footer">Copyright 2026</div><div class="gdpr-consent">We use cookies</div>';
    expect(extractHtml(html).text).toBe('Story.');
  });

  it('takes role="main" and itemprop="articleBody" as the article, and its opening heading as title', () => {
    const blog =
      '<div id="header"><h1>Notes from the Attic</h1><p>A blog about books</p></div>' +
      '<div role="main"><h2>Ten Years of a Small Press</h2><p>Story.</p><h2>Later</h2></div>' +
      '<div class="sharedaddy"><h3>Share this:</h3></div>';
    expect(extractHtml(blog)).toEqual({
      text: 'Ten Years of a Small Press\n\nStory.\n\nLater',
      title: 'Ten Years of a Small Press',
    });
    const news = '<h1>Headline</h1><div itemprop="articleBody"><p>Story.</p><h2>Subhead</h2></div>';
    expect(extractHtml(news)).toEqual({ text: 'Story.\n\nSubhead', title: 'Headline' });
  });

  it('drops citation marks, edit links, navboxes and reference lists; joins words split by soft hyphens', () => {
    const html =
      '<p>Porthaven is a town in Cornwall.<sup class="reference"><a href="#c1">[1]</a></sup> It had 12,400 people.<sup>[a]</sup> ' +
      'E = mc<sup>2</sup>. The har&shy;bour was built by the Rail<wbr>way Com\u200bpany.</p>' +
      '<h2>History<span class="mw-editsection">[edit]</span></h2>' +
      '<ol class="references"><li>^ "Census 2021". Retrieved 3 May 2023.</li></ol><div class="navbox">Towns: Truro</div>';
    expect(extractHtml(html).text).toBe(
      'Porthaven is a town in Cornwall. It had 12,400 people. E = mc2. The harbour was built by the Railway Company.\n\nHistory',
    );
  });

  it('keeps words of inline elements laid out as lines apart ("<span>Simon Jack</span><span>Business editor</span>")', () => {
    const html =
      '<article><div class="byline"><span>Simon Jack</span><span>Business editor</span></div>' +
      '<div><span>Reporting from</span><span>London</span></div><p>The i<b>Phone</b> and Mc<i>Donald</i>s.</p></article>';
    expect(extractHtml(html).text).toBe(
      'Simon Jack Business editor\n\nReporting from London\n\nThe iPhone and McDonalds.',
    );
    // Only elements closed in the same block or line count: "here" closed at the same length in
    // the paragraph before, and a space went into "Read theTimes".
    expect(
      extractHtml(
        '<article><p>see <a href="/x">here</a></p><p>Read the<i>Times</i> today.<br>Then<b>Now</b></p></article>',
      ).text,
    ).toBe('see here\n\nRead theTimes today.\nThenNow');
  });

  it("drops a blog platform's labels left above dropped lists ('More from ...', 'Recommended from Medium', follower counts)", () => {
    const html =
      '<article><h1>Lessons</h1><p>Start with the boring services.</p><h2>More from Priya Natarajan</h2>' +
      '<div><a href="/x">Why we stopped</a></div><p>1.4K Followers</p><h2>Recommended from Medium</h2>' +
      '<p>More from the data: costs fell.</p></article>';
    expect(extractHtml(html).text).toBe(
      'Lessons\n\nStart with the boring services.\n\nMore from the data: costs fell.',
    );
  });

  it("drops an e-mail newsletter's footer", () => {
    const html =
      '<table role="presentation"><tr><td><h1>The Weekly Brief</h1><p>Rates were cut.</p>' +
      '<table><tr><td>You are receiving this email because you signed up at example.com. The Weekly Brief, ' +
      '10 Fleet Street, London.</td></tr><tr><td>To unsubscribe, reply STOP.</td></tr></table></td></tr></table>';
    expect(extractHtml(html).text).toBe('The Weekly Brief\n\nRates were cut.');
  });

  it("drops a wiki page's site notice, table of contents, [citation needed] and the labels left behind", () => {
    const html =
      '<div id="siteNotice">Donate today to keep the encyclopedia free.</div><h1>Lake Baikal</h1>' +
      '<div id="siteSub">From the free encyclopedia</div><p>Lake Baikal is a rift lake.</p>' +
      '<div id="toc"><h2>Contents</h2><ul><li>1 Geography</li><li>2 History</li></ul></div>' +
      '<p>A mill closed in 2013.<sup class="noprint">[<i>citation needed</i>]</sup></p>' +
      '<h2>References</h2><ol class="references"><li>UNESCO. Retrieved 3 May 2021.</li></ol>' +
      '<h2>Contents of the lake</h2><p>Water.</p>';
    expect(extractHtml(html).text).toBe(
      'Lake Baikal\n\nLake Baikal is a rift lake.\n\nA mill closed in 2013.\n\nContents of the lake\n\nWater.',
    );
  });

  it('drops blocks made only of links (unmarked menus, "most read" lists) but keeps linked headings', () => {
    const html =
      '<h2><a href="/p">Post title</a></h2><p>Story with <a href="/x">a link</a> inside.</p>' +
      '<ul><li><a href="/a">Storm damages sea wall</a></li><li><a href="/b">Ferry cut</a></li></ul>' +
      '<p>Contact: <a href="mailto:info@bakery.example">info@bakery.example</a></p>';
    expect(extractHtml(html).text).toBe(
      'Post title\n\nStory with a link inside.\n\nContact: info@bakery.example',
    );
  });

  it('drops a labelled list of links ("Tags: AI, Energy") but not a sentence that links', () => {
    const html =
      '<article><p>Body text.</p><div>Tags: <a href="/t/ai">AI</a>, <a href="/t/e">Energy</a></div>' +
      '<p>Filed under: <a href="/m">Markets</a> | <a href="/o">Oil</a></p>' +
      '<p>Topics: the <a href="/g">grid</a> and what it costs families in Houston.</p></article>';
    expect(extractHtml(html).text).toBe(
      'Body text.\n\nTopics: the grid and what it costs families in Houston.',
    );
  });

  it('drops share bars and the labels left by dropped link lists ("Topics", "Most read")', () => {
    const html =
      '<main><p>Body text.</p><p>Share <a href="#">Facebook</a> <a href="#">X</a></p>' +
      '<div><span>Topics</span><ul><li><a href="/t/b">Budget</a></li></ul></div><h3>Most read</h3>' +
      '<p>Share prices fell.</p></main>';
    expect(extractHtml(html).text).toBe('Body text.\n\nShare prices fell.');
  });

  it('drops the author box under a post but keeps the byline', () => {
    const html =
      '<article><p class="byline">By <span class="author">Priya Nair</span></p><p>Body text.</p>' +
      '<div class="author-bio"><h4>About the author</h4><p>Priya is an engineer.</p></div></article>';
    expect(extractHtml(html).text).toBe('By Priya Nair\n\nBody text.');
  });

  it('drops advertisement slots and the labels they leave in the article', () => {
    const html =
      '<article><p>First paragraph.</p><div class="ad-slot"><p>Promoted: buy now</p></div>' +
      '<p>Advertisement</p><p>Story continues below advertisement</p>' +
      '<p>An advertisement for the show ran on TV.</p></article>';
    expect(extractHtml(html).text).toBe('First paragraph.\n\nAn advertisement for the show ran on TV.');
  });

  it('without a heading, takes the title from og:title, else <title> without the site name', () => {
    const head = '<head><title>Council approves plan | The Coastal Herald</title>';
    expect(extractHtml(`${head}</head><p>Story.</p>`).title).toBe('Council approves plan');
    expect(
      extractHtml(`${head}<meta property="og:title" content="Council approves £4.5m plan"></head><p>x</p>`)
        .title,
    ).toBe('Council approves £4.5m plan');
    expect(
      extractHtml('<title>Ten Years of Running a Small Press – Notes from the Attic</title>').title,
    ).toBe('Ten Years of Running a Small Press');
    expect(extractHtml('<title>BBC News - Storm closes harbour for a week</title>').title).toBe(
      'Storm closes harbour for a week',
    );
    expect(extractHtml('<title>Covid-19 cases rise</title>').title).toBe('Covid-19 cases rise');
  });

  it("keeps an inline image's alt text but not a figure's (its caption is kept)", () => {
    const html =
      '<p>Great news <img class="emoji" alt="🎉"> for fans.</p>' +
      '<figure><img src="a.jpg" alt="A red fishing boat at dawn"><figcaption>Boats in the harbour.</figcaption></figure>' +
      '<picture><img src="b.jpg" alt="Chart of sales"></picture><p>After.</p>';
    const { text } = extractHtml(html);
    expect(text).toContain('🎉');
    expect(text).toContain('Boats in the harbour.');
    expect(text).not.toContain('fishing boat');
    expect(text).not.toContain('Chart of sales');
    expect(text).toContain('After.');
    // An image that starts a block is a picture too (an author photo), unless it is a symbol.
    const bio = extractHtml(
      '<div class="bio"><img src="l.jpg" alt="Lena Fischer"><p>Lena is an engineer.</p></div><p><img alt="🎉"> Party time.</p>',
    ).text;
    expect(bio).toBe('Lena is an engineer.\n\n🎉 Party time.');
  });

  it('reads the article from structured data when the page shows it only through scripts', () => {
    const ld = (body: string) =>
      `<script type="application/ld+json">{"@graph":[{"@type":"WebSite"},{"@type":"NewsArticle","headline":"Port strike ends","articleBody":${JSON.stringify(body)}}]}</script>`;
    const app = `<html><head>${ld('Dockworkers returned on Friday.\n\nThe strike cost &euro;40 million a day.')}</head><body><div id="app">Loading…</div></body></html>`;
    expect(extractHtml(app)).toEqual({
      text: 'Dockworkers returned on Friday.\n\nThe strike cost €40 million a day.',
      title: 'Port strike ends',
    });
    // A page with its own article text keeps it; broken structured data is ignored.
    const page = `<html><head>${ld('Short summary.')}<script type="application/ld+json">{broken</script></head><body><h1>Strike ends</h1><p>Dockworkers at the port returned to work on Friday.</p></body></html>`;
    expect(extractHtml(page)).toEqual({
      text: 'Strike ends\n\nDockworkers at the port returned to work on Friday.',
      title: 'Strike ends',
    });
  });

  it('drops content hidden by an inline style', () => {
    const html =
      '<p>Visible.</p><div style="display: none">Hidden promo.</div><p style="color:red; visibility:hidden">Gone</p><p style="display:block">Shown.</p>';
    expect(extractHtml(html).text).toBe('Visible.\n\nShown.');
  });

  it('survives broken markup', () => {
    expect(extractHtml('<p>unclosed <b>bold <i>both</p><p>next').text).toBe('unclosed bold both\n\nnext');
  });
});

describe('extract', () => {
  it('leaves plain text exactly as it is', () => {
    const text = '  Title\r\n\r\nBody\u00a0 text.  ';
    expect(extract(text, 'text')).toEqual({ text });
  });
});

describe('plainTextTitle', () => {
  it('takes a headline line that stands alone, after a label line', () => {
    expect(plainTextTitle('Fed Holds Rates Steady\n\nWASHINGTON — The Fed...')).toBe(
      'Fed Holds Rates Steady',
    );
    expect(plainTextTitle('\nFOR IMMEDIATE RELEASE\n\nAcme Raises $5 Million\nBy Jo Lee\n\nText.')).toBe(
      'Acme Raises $5 Million',
    );
    expect(plainTextTitle('Why did the bridge fall?\r\nPublished May 2\r\n\r\nText.')).toBe(
      'Why did the bridge fall?',
    );
  });

  it('finds none in a story that starts with its first sentence or wrapped lines', () => {
    expect(plainTextTitle('The council met on Monday.\n\nIt voted.')).toBeUndefined();
    expect(
      plainTextTitle('The council met on Monday and\nvoted to close the pool.\n\nNext.'),
    ).toBeUndefined();
    expect(plainTextTitle('By Jo Lee\n\nText.')).toBeUndefined();
    expect(plainTextTitle('Only a line')).toBeUndefined();
    expect(plainTextTitle('Dear residents,\n\nText.')).toBeUndefined();
  });

  it('is the title of plain text, streamed or not', () => {
    const text = 'Floods Force Thousands From Homes\n\nRain fell.';
    expect(extract(text, 'text')).toEqual({ text, title: 'Floods Force Thousands From Homes' });
    const stream = new StreamExtractor('text');
    expect(stream.push(text)).toBe(text);
    expect(stream.end()).toEqual({ text: '', title: 'Floods Force Thousands From Homes' });
  });
});

describe('StreamExtractor', () => {
  /** Extracts `source` pushed in pieces of `size` characters with a small hold. */
  function streamed(source: string, format: 'text' | 'markdown' | 'html', size: number, hold: number) {
    const extractor = new StreamExtractor(format, hold);
    let text = '';
    for (let at = 0; at < source.length; at += size) text += extractor.push(source.slice(at, at + size));
    const rest = extractor.end();
    return { text: text + rest.text, title: rest.title };
  }

  const markdown = [
    '# Budget day',
    'The minister spoke *at length* about [taxes](https://example.org).',
    '```\ncode that is not prose\n\nwith a blank line inside the fence\n```',
    '- a list item\n- another one',
    '> a quoted line',
    'A closing paragraph.',
  ]
    .join('\n\n')
    .concat('\n\n')
    .repeat(40);

  it('gives exactly what extract() gives below the hold size', () => {
    for (const format of ['text', 'markdown', 'html'] as const) {
      const whole = extract(markdown, format);
      expect(streamed(markdown, format, 97, markdown.length + 1)).toEqual(whole);
    }
  });

  it('Markdown cut at blank lines outside code fences gives the same text and title', () => {
    expect(streamed(markdown, 'markdown', 97, 300)).toEqual(extractMarkdown(markdown));
  });

  it('HTML parsed as a stream gives the same text when the page has no <article>', () => {
    const html = `<html><head><title>T</title></head><body>${'<p>One &amp; two.</p><nav>menu</nav><div>Three <b>four</b></div>'.repeat(200)}</body></html>`;
    expect(streamed(html, 'html', 50, 500)).toEqual(extractHtml(html));
  });

  it('HTML: once an <article> is seen, text outside it is dropped from then on', () => {
    const html = `<p>${'Before. '.repeat(100)}</p><article><p>Inside.</p></article><p>After.</p>`;
    const result = streamed(html, 'html', 20, 100);
    expect(result.text).toBe(`${'Before. '.repeat(100).trim()}\n\nInside.`);
  });
});
