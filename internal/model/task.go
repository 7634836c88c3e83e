package model

import "time"

// Task is something waiting for the viewer (issue 18, item 1): derived
// from the records each time it is asked for, never stored. Kind names the
// source and the step ("matrix.agree", "nap.overdue", ...); Title says it
// as a sentence of the catalogue (written in the reader's language by the
// front end); URL is the place to act; Since is when it began to wait;
// Due, when set, the day it is due.
type Task struct {
	Kind  string
	Title Sentence
	URL   string
	Since time.Time
	Due   Date
	// Subject is the State or organisation the task is about (its code),
	// for grouping on the page.
	Subject string
}

// Overdue reports whether the task is past its due day on today.
func (t Task) Overdue(today Date) bool { return !t.Due.IsZero() && t.Due.Before(today) }

// Sentence is what a service says to a reader — a task's title, a
// confirmation's lines (issue 17, item 1) — as a key of the message
// catalogues and its typed arguments, never as English text: the front end
// writes it in the reader's language (i18n.Printer.Say), and the API gives
// the key and arguments to clients that write it themselves. The service
// never chooses a language.
type Sentence struct {
	Key  string
	Args []Arg
}

// Say is the sentence key with args.
func Say(key string, args ...Arg) Sentence { return Sentence{Key: key, Args: args} }

// IsZero reports whether nothing is said.
func (s Sentence) IsZero() bool { return s.Key == "" }

// ArgKind says how an argument of a sentence is written.
type ArgKind string

// The kinds of arguments.
const (
	// ArgText is text a person wrote (a title, a name, an e-mail address):
	// written as it is, isolated (<bdi>) on a page, never translated.
	ArgText ArgKind = "text"
	// ArgNumber is a whole number (a count chooses the plural form when it
	// is the first argument), written in the language's digits.
	ArgNumber ArgKind = "number"
	// ArgDate is a calendar day, written in the language's long form.
	ArgDate ArgKind = "date"
	// ArgOrg is a State or an organisation by its code, written as its name
	// in the reader's language.
	ArgOrg ArgKind = "org"
	// ArgGroup is a group by its code, written as its name.
	ArgGroup ArgKind = "group"
	// ArgSentence is a phrase of the catalogue put into the sentence (who
	// may read a record, a list of names).
	ArgSentence ArgKind = "sentence"
)

// Arg is one typed argument of a Sentence.
type Arg struct {
	Kind ArgKind
	Text string    // ArgText: the text; ArgOrg, ArgGroup: the code
	N    int       // ArgNumber
	Day  Date      // ArgDate
	Sub  *Sentence // ArgSentence
}

// TextArg is text a person wrote.
func TextArg(s string) Arg { return Arg{Kind: ArgText, Text: s} }

// NumArg is a whole number.
func NumArg(n int) Arg { return Arg{Kind: ArgNumber, N: n} }

// DayArg is a calendar day.
func DayArg(d Date) Arg { return Arg{Kind: ArgDate, Day: d} }

// DayOf is the calendar day of t in UTC.
func DayOf(t time.Time) Arg { return DayArg(DateOf(t.UTC())) }

// OrgArg is a State or organisation by code.
func OrgArg(code string) Arg { return Arg{Kind: ArgOrg, Text: code} }

// GroupArg is a group by code.
func GroupArg(code string) Arg { return Arg{Kind: ArgGroup, Text: code} }

// SentenceArg is a phrase put into a sentence.
func SentenceArg(s Sentence) Arg { return Arg{Kind: ArgSentence, Sub: &s} }
