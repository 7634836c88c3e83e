package service_test

import (
	"strings"
	"testing"

	"napx/internal/service"
)

// TestRenderMarkdownHostile: whatever a practice's Markdown holds, nothing
// executable reaches the page; what Markdown is for survives (the
// controls: headings, lists, tables, links).
func TestRenderMarkdownHostile(t *testing.T) {
	cases := []struct {
		name, src string
		want      []string // in the HTML
		never     []string // never in the HTML (lower-cased)
	}{
		{"script tag", "Hello <script>alert(1)</script>", []string{"Hello"}, []string{"<script", "</script"}},
		{"javascript link", "[click](javascript:alert(1))", []string{"click"}, []string{"javascript:"}},
		{"javascript link, encoded", "[x](jav&#x61;script:alert(1))", nil, []string{"javascript:", "jav&#x61;script"}},
		{"onerror attribute", `<img src=x onerror="alert(1)">`, nil, []string{"onerror", "<img src=x"}},
		{"data URL image", "![a](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)", nil, []string{"data:"}},
		{"raw iframe", `<iframe src="https://evil.example"></iframe>`, nil, []string{"<iframe"}},
		{"style attribute", `<p style="background:url(javascript:alert(1))">x</p>`, nil, []string{"style=", "javascript:"}},
		{"svg", `<svg onload=alert(1)><circle/></svg>`, nil, []string{"<svg", "onload"}},
		{"vbscript", "[v](vbscript:msgbox(1))", nil, []string{"vbscript:"}},
		{"autolink javascript", "<javascript:alert(1)>", nil, []string{`href="javascript`}},
		{"heading, list, table, link", "# Title\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n[UN](https://www.un.org)",
			[]string{"<h1", "Title</h1>", "<li>one</li>", "<table>", "<td>1</td>", `href="https://www.un.org"`, `rel="nofollow noreferrer"`}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			html, text := service.RenderMarkdown(c.src)
			for _, w := range c.want {
				if !strings.Contains(html, w) {
					t.Errorf("%q lacks %q", html, w)
				}
			}
			for _, n := range c.never {
				if strings.Contains(strings.ToLower(html), n) {
					t.Errorf("%q holds %q", html, n)
				}
			}
			if strings.Contains(text, "<") && !strings.Contains(c.src, "<") {
				t.Errorf("the plain text holds markup: %q", text)
			}
		})
	}
}
