package i18n

import (
	"time"

	"napx/internal/model"
)

// Msg is m in p's language as plain text: a Date argument is written as
// the language's long date, a model.Msg argument is written first (a
// piece with a plural of its own), others as they are.
func (p *Printer) Msg(m model.Msg) string {
	return p.T(m.Key, p.MsgArgs(m.Args, func(s string) any { return s })...)
}

// MsgArgs are args ready for p.T: dates written, messages written (as
// text, through wrap, which a page uses to isolate user text and keep
// its own HTML); text arguments go through wrap too.
func (p *Printer) MsgArgs(args []any, wrap func(string) any) []any {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case model.Msg:
			out[i] = p.Msg(v)
		case model.Date:
			out[i] = p.dateOf(v)
		case model.Names:
			n, ok := v[p.lang.Code]
			if !ok || n == "" {
				n = v[English]
			}
			out[i] = wrap(n)
		case string:
			out[i] = wrap(v)
		default:
			out[i] = a
		}
	}
	return out
}

// dateOf is d as the language's long date (English: "2 January 2026").
func (p *Printer) dateOf(d model.Date) string {
	if d.IsZero() {
		return ""
	}
	t, err := time.Parse(time.DateOnly, d.String())
	if err != nil {
		return d.String()
	}
	return p.Date(t)
}
