import { describe, expect, it } from 'vitest';
import { decodeEntities, htmlToText } from './html-to-text';

describe('htmlToText', () => {
  it.each([
    ['<p>Hello</p><p>World</p>', 'Hello\n\nWorld'],
    ['<p>line one<br>line two<br />three</p>', 'line one\nline two\nthree'],
    [
      '<p>Hi <span class="h-card" translate="no"><a href="https://mastodon.social/@alice" class="u-url mention">@<span>alice</span></a></span> <a href="https://mastodon.social/tags/birds" class="mention hashtag" rel="tag">#<span>birds</span></a></p>',
      'Hi @alice #birds',
    ],
    [
      '<p>See <a href="https://example.org/a/very/long/path/to/page.html" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="ellipsis">example.org/a/very/long/pat</span><span class="invisible">h/to/page.html</span></a></p>',
      'See https://example.org/a/very/long/path/to/page.html',
    ],
    [
      '<p>Tom &amp; Jerry &lt;3 &quot;hi&quot; &#39;x&#39; &#x1F600; caf&eacute;</p>',
      'Tom & Jerry <3 "hi" \'x\' 😀 café',
    ],
    [
      '<p>safe</p><script>alert("mail me at evil@example.org")</script><style>p{}</style><p>text</p>',
      'safe\n\ntext',
    ],
    ['<p title="a > b">quoted attr</p>', 'quoted attr'],
    ['<p>a < b and c</p>', 'a < b and c'],
    ['<!-- hidden --><p>shown</p>', 'shown'],
    ['plain text, no tags', 'plain text, no tags'],
    ['<p>unterminated <b', 'unterminated'],
    ['&unknown; &#0; &#xD800;', '&unknown; \ufffd \ufffd'],
  ])('%s', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });

  it('decodes entities once (no double decoding)', () => {
    expect(decodeEntities('&amp;lt;')).toBe('&lt;');
  });
});
