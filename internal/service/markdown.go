package service

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"github.com/microcosm-cc/bluemonday"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
)

// Markdown for practices: rendered by goldmark (CommonMark with tables,
// strikethrough and autolinks; raw HTML is not rendered and dangerous
// link schemes are dropped), then sanitised by bluemonday's policy for
// user content, narrowed to web and mail links: whatever goldmark lets
// through, nothing executable reaches a page — no script, no event
// attribute, no javascript: or data: address. The sanitised HTML is kept
// with the record (rendered once, on write).

var (
	markdown = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify))
	sanitise = sync.OnceValue(func() *bluemonday.Policy {
		p := bluemonday.UGCPolicy()
		p.AllowURLSchemes("http", "https", "mailto")
		p.RequireNoFollowOnLinks(true)
		p.RequireNoReferrerOnLinks(true)
		return p
	})
	plain = sync.OnceValue(bluemonday.StrictPolicy)
)

// RenderMarkdown returns the sanitised HTML of Markdown source and its
// plain text (for search and snippets).
func RenderMarkdown(src string) (htmlOut, text string) {
	var b bytes.Buffer
	if err := markdown.Convert([]byte(src), &b); err != nil {
		// goldmark fails only on a failing writer; show the source as text.
		b.Reset()
		b.WriteString("<p>" + html.EscapeString(src) + "</p>")
	}
	htmlOut = sanitise().Sanitize(b.String())
	text = html.UnescapeString(plain().Sanitize(htmlOut))
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return htmlOut, strings.Join(lines, "\n")
}
