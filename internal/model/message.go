package model

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Message is a sentence napx writes for people — a notice, a task, a
// confirmation's lines, a match's reason, a conflict, a completeness
// check's reason — kept as a catalogue key and its typed arguments, never
// as English text, so that each reader gets it in their own language
// (issue 17): the front end writes it (i18n.Printer.Say, SayHTML), the API
// gives the key and arguments to clients that write it themselves, and a
// notice stores them. The service never chooses a language. The key is one
// of the catalogues' (internal/i18n/catalog).
type Message struct {
	Key  string   `json:"key"`
	Args []MsgArg `json:"args,omitempty"`
}

// IsZero reports whether m is no message.
func (m Message) IsZero() bool { return m.Key == "" }

// Msg is the message key with args.
func Msg(key string, args ...MsgArg) Message { return Message{Key: key, Args: args} }

// MsgArg is one argument of a message. Exactly one field is set (none: an
// empty text); each says how the argument is written for a reader.
type MsgArg struct {
	Text   string   `json:"text,omitempty" doc:"data written as given: a record's title, a name"`
	Number *int64   `json:"number,omitempty" doc:"a number, in the reader's conventions"`
	Date   string   `json:"date,omitempty" doc:"a day (YYYY-MM-DD), written long in the reader's language"`
	Org    string   `json:"org,omitempty" doc:"an organisation's code (a State, an organisation): its name in the reader's language"`
	Group  string   `json:"group,omitempty" doc:"a group's code: its name in the reader's language"`
	Lang   string   `json:"lang,omitempty" doc:"one of the six languages' codes: its name in the reader's language"`
	Key    string   `json:"key,omitempty" doc:"a message key: its text in the reader's language"`
	Keys   []string `json:"keys,omitempty" doc:"message keys: their texts, listed"`
	// Message is a phrase with arguments of its own (a count with its
	// plural, who may read a record).
	Message *Message `json:"message,omitempty" doc:"a phrase of the catalogue with its own arguments: its text in the reader's language"`
}

// ArgText is data written as given.
func ArgText(s string) MsgArg { return MsgArg{Text: s} }

// ArgNum is a number.
func ArgNum(n int) MsgArg { v := int64(n); return MsgArg{Number: &v} }

// ArgDate is a day.
func ArgDate(d Date) MsgArg { return MsgArg{Date: d.String()} }

// ArgDayOf is the calendar day of t in UTC.
func ArgDayOf(t time.Time) MsgArg { return ArgDate(DateOf(t.UTC())) }

// ArgMsg is a phrase with arguments of its own.
func ArgMsg(m Message) MsgArg { return MsgArg{Message: &m} }

// ArgOrg is an organisation by its code.
func ArgOrg(code string) MsgArg { return MsgArg{Org: code} }

// ArgGroup is a group by its code.
func ArgGroup(code string) MsgArg { return MsgArg{Group: code} }

// ArgLang is one of the six languages by its code.
func ArgLang(code string) MsgArg { return MsgArg{Lang: code} }

// ArgKey is another message (a word of a list: a kind, a status).
func ArgKey(key string) MsgArg { return MsgArg{Key: key} }

// ArgKeys are messages listed.
func ArgKeys(keys ...string) MsgArg { return MsgArg{Keys: keys} }

// String is the argument as data (logs, tests).
func (a MsgArg) String() string {
	switch {
	case a.Number != nil:
		return strconv.FormatInt(*a.Number, 10)
	case a.Date != "":
		return a.Date
	case a.Org != "":
		return a.Org
	case a.Group != "":
		return a.Group
	case a.Lang != "":
		return a.Lang
	case a.Key != "":
		return a.Key
	case len(a.Keys) > 0:
		return strings.Join(a.Keys, ",")
	case a.Message != nil:
		return a.Message.Key
	}
	return a.Text
}

// check applies the text rules to a message: its key and the keys among
// its arguments are one-line texts, and so is each text argument (a body's
// text argument may run over lines).
func (m Message) check(p Problems, field string, multiline bool) {
	if m.IsZero() {
		return
	}
	Line(p, field+".key", m.Key, 200)
	for i, a := range m.Args {
		f := fmt.Sprintf("%s.args.%d", field, i)
		if multiline {
			Text(p, f+".text", a.Text, 5000)
		} else {
			Line(p, f+".text", a.Text, 300)
		}
		for _, k := range append([]string{a.Key, a.Date, a.Org, a.Group, a.Lang}, a.Keys...) {
			Line(p, f, k, 200)
		}
		if a.Message != nil {
			a.Message.check(p, f+".message", multiline)
		}
	}
}
