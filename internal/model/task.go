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
	Title Message
	URL   string
	Since time.Time
	Due   Date
	// Subject is the State or organisation the task is about (its code),
	// for grouping on the page.
	Subject string
}

// Overdue reports whether the task is past its due day on today.
func (t Task) Overdue(today Date) bool { return !t.Due.IsZero() && t.Due.Before(today) }
