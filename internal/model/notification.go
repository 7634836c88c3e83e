package model

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// NoticeKind names what a notification is about, dotted: the feature, then
// the event (e.g. "nap.published").
type NoticeKind string

// The kinds of notification napx knows (issue 10). A feature adds its kind
// here before it sends one; the settings page lists them all.
const (
	NoticeAccountSecurity      NoticeKind = "account.security"
	NoticeEventInvitation      NoticeKind = "event.invitation"
	NoticeEventNomination      NoticeKind = "event.nomination"
	NoticeEventWaitlistPromote NoticeKind = "event.waitlist-promoted"
	NoticeEventDeadline        NoticeKind = "event.deadline"
	NoticeEventMaterial        NoticeKind = "event.material"
	NoticeFollowUpDue          NoticeKind = "followup.due"
	NoticeNAPSubmitted         NoticeKind = "nap.submitted"
	NoticeNAPPublished         NoticeKind = "nap.published"
	NoticeNAPActionOverdue     NoticeKind = "nap.action-overdue"
	NoticeMatrixSent           NoticeKind = "matrix.sent"
	NoticeMatrixAgreed         NoticeKind = "matrix.agreed"
	NoticeMatrixChanges        NoticeKind = "matrix.changes-requested"
	NoticeMatrixApproved       NoticeKind = "matrix.approved"
	// Assistance (issue 11).
	NoticeAssistanceSubmitted    NoticeKind = "assistance.submitted"
	NoticeAssistanceAcknowledged NoticeKind = "assistance.acknowledged"
	NoticeAssistanceObjected     NoticeKind = "assistance.objected"
	NoticeAssistanceCirculated   NoticeKind = "assistance.circulated"
	NoticeAssistanceOffer        NoticeKind = "assistance.offer"
	NoticeAssistanceMatch        NoticeKind = "assistance.match"
	NoticeAssistanceClosed       NoticeKind = "assistance.closed"
	NoticeAssistanceFollowUp     NoticeKind = "assistance.follow-up"
	// Practices (issue 12): the review's steps tell the other side.
	NoticePracticeSubmitted NoticeKind = "practice.submitted"
	NoticePracticeReturned  NoticeKind = "practice.returned"
	NoticePracticeVerified  NoticeKind = "practice.verified"
	NoticePracticePublished NoticeKind = "practice.published"
)

// Delivery is how an account wants one kind of notification.
type Delivery string

// The deliveries.
const (
	DeliverImmediately Delivery = "immediate" // in the inbox and by e-mail at once
	DeliverDigest      Delivery = "digest"    // in the inbox at once, by e-mail in the daily digest
	DeliverOff         Delivery = "off"       // not at all
)

// Deliveries lists the deliveries in the order a form offers them.
var Deliveries = []Delivery{DeliverImmediately, DeliverDigest, DeliverOff}

// Valid reports whether d is a known delivery.
func (d Delivery) Valid() bool { return slices.Contains(Deliveries, d) }

// Label is the delivery in words.
func (d Delivery) Label() string {
	switch d {
	case DeliverImmediately:
		return "Immediately"
	case DeliverDigest:
		return "In the daily digest"
	case DeliverOff:
		return "Not at all"
	}
	return string(d)
}

// NoticeKindInfo describes a kind for the settings page.
type NoticeKindInfo struct {
	Kind    NoticeKind
	Label   string   // what the account is told about, in words
	Default Delivery // when the account has not chosen
	// Mandatory kinds cannot be turned off or delayed (security notices).
	Mandatory bool
}

// NoticeKinds lists every kind, grouped by feature.
var NoticeKinds = []NoticeKindInfo{
	{NoticeAccountSecurity, "Security of your account: a new sign-in, your password or second factor changed, an API token created", DeliverImmediately, true},
	{NoticeEventInvitation, "Your delegation is invited to an event", DeliverImmediately, false},
	{NoticeEventNomination, "A nomination to an event you organise, or a change to your delegation's nominations", DeliverImmediately, false},
	{NoticeEventWaitlistPromote, "A delegate moved from the waiting list to a seat", DeliverImmediately, false},
	{NoticeEventDeadline, "A nomination deadline is near and your delegation has unused seats", DeliverImmediately, false},
	{NoticeEventMaterial, "Material released for an event", DeliverDigest, false},
	{NoticeFollowUpDue, "A follow-up action is due or overdue", DeliverImmediately, false},
	{NoticeNAPSubmitted, "A national implementation action plan was submitted to the Committee", DeliverImmediately, false},
	{NoticeNAPPublished, "A plan you follow was published", DeliverDigest, false},
	{NoticeNAPActionOverdue, "An action of your State's plan is overdue", DeliverDigest, false},
	{NoticeMatrixSent, "A matrix edition was sent to your State for review", DeliverImmediately, false},
	{NoticeMatrixAgreed, "A State agreed to its matrix edition", DeliverImmediately, false},
	{NoticeMatrixChanges, "A State asked for changes to its matrix edition", DeliverImmediately, false},
	{NoticeMatrixApproved, "A matrix edition was approved", DeliverImmediately, false},
	{NoticeAssistanceSubmitted, "A State asked the 1540 Committee for assistance", DeliverImmediately, false},
	{NoticeAssistanceAcknowledged, "The Committee acknowledged your request for assistance: the consent window is open", DeliverImmediately, false},
	{NoticeAssistanceObjected, "A State objected to circulating its request for assistance", DeliverImmediately, false},
	{NoticeAssistanceCirculated, "A request for assistance was circulated: yours, or in an area of your programmes", DeliverDigest, false},
	{NoticeAssistanceOffer, "A provider offered a programme for a need of a request", DeliverImmediately, false},
	{NoticeAssistanceMatch, "The Committee's experts confirmed a match of a need with a programme", DeliverImmediately, false},
	{NoticeAssistanceClosed, "A request for assistance was closed or withdrawn", DeliverDigest, false},
	{NoticeAssistanceFollowUp, "One year on: was a request for assistance met?", DeliverImmediately, false},
	{NoticePracticeSubmitted, "A practice or lesson was submitted for the Committee's review", DeliverImmediately, false},
	{NoticePracticeReturned, "The Committee's experts returned your practice with their reasons", DeliverImmediately, false},
	{NoticePracticeVerified, "The Committee's experts verified your practice: your coordinator may publish it", DeliverImmediately, false},
	{NoticePracticePublished, "A practice was published: yours, of a State or group you follow, or from an event you follow", DeliverDigest, false},
}

// NoticeKindOf returns the description of kind.
func NoticeKindOf(kind NoticeKind) (NoticeKindInfo, bool) {
	for _, k := range NoticeKinds {
		if k.Kind == kind {
			return k, true
		}
	}
	return NoticeKindInfo{}, false
}

// RecordRef names the record a notification is about, so that the one
// policy can decide again, at every step, who may be told: Kind is the
// record kind a service registered (e.g. "nap"), ID its identifier.
type RecordRef struct {
	Kind string `json:"kind"`
	ID   string `json:"id"`
}

// IsZero reports whether the notice is about no record (an account's own
// security notice).
func (r RecordRef) IsZero() bool { return r.Kind == "" }

// FormatRecordRefs writes refs as "kind:id kind:id" (a mail's header, the
// mail log).
func FormatRecordRefs(refs []RecordRef) string {
	parts := make([]string, 0, len(refs))
	for _, r := range refs {
		if !r.IsZero() {
			parts = append(parts, r.Kind+":"+r.ID)
		}
	}
	return strings.Join(parts, " ")
}

// ParseRecordRefs reads what FormatRecordRefs wrote.
func ParseRecordRefs(s string) []RecordRef {
	var out []RecordRef
	for _, f := range strings.Fields(s) {
		if k, id, ok := strings.Cut(f, ":"); ok {
			out = append(out, RecordRef{Kind: k, ID: id})
		}
	}
	return out
}

// OrgRecipients are the accounts of an organisation with at least a role.
type OrgRecipients struct {
	Org  string `json:"org"`
	Role Role   `json:"role"` // the weakest role told
}

// Recipients say who may be told; each candidate is then checked against
// the record through the policy. They are kept as a description (not as a
// list of accounts) so a job can resolve them after the change committed.
type Recipients struct {
	Accounts []int64         `json:"accounts,omitempty"` // these accounts
	Orgs     []OrgRecipients `json:"orgs,omitempty"`     // these organisations' accounts
	// Committee is the weakest role told in the 1540 Committee and the
	// secretariat ("" for none).
	Committee Role `json:"committee,omitempty"`
	// Followers of any of these.
	Followers []FollowTarget `json:"followers,omitempty"`
	// Except are never told (the person who made the change).
	Except []int64 `json:"except,omitempty"`
}

// Empty reports whether nobody is named.
func (r Recipients) Empty() bool {
	return len(r.Accounts) == 0 && len(r.Orgs) == 0 && r.Committee == "" && len(r.Followers) == 0
}

// Attachment is a file sent with a notification's e-mail (an event's
// calendar entry).
type Attachment struct {
	Name        string `json:"name"`
	ContentType string `json:"content_type"` // e.g. "text/calendar; method=REQUEST"
	Data        []byte `json:"data"`
}

// Notice is what a feature sends: one event, told to the recipients the
// policy lets read its record.
type Notice struct {
	Kind   NoticeKind
	Record RecordRef // the record it is about; empty only for notices to named accounts about themselves
	Title  string    // one line, shown in the inbox and as the mail's subject
	URL    string    // a path on this site ("/naps/12")
	Body   string    // optional plain text for the e-mail
	// Msg is the title as a catalogue key and its arguments, BodyMsg the
	// text's (issue 17): each reader gets them in their language. Title and
	// Body, when not given, are their English (kept beside them).
	Msg     Message
	BodyMsg Message
	To      Recipients
	// Attachments go with the immediate e-mail (not with the digest).
	Attachments []Attachment
	// Invitation is an event (its ID) whose calendar invitation each
	// immediate e-mail carries: an .ics with METHOD:REQUEST, the event's
	// organiser as ORGANIZER and the recipient as ATTENDEE, built for each
	// recipient when the mail is sent (0: none).
	Invitation int64
}

// Validate checks a notice before it is enqueued: its title and link are
// one-line texts, its body a multi-line text (the text rules), its link a
// path on this site.
func (n Notice) Validate() Problems {
	p := Problems{}
	if _, ok := NoticeKindOf(n.Kind); !ok {
		p.Add("kind", "unknown notification kind %q", CleanLine(string(n.Kind), 60))
	}
	if Line(p, "title", n.Title, 300) == "" && p["title"] == "" {
		p.Add("title", "a notification needs a title")
	}
	url := Line(p, "url", n.URL, 500)
	if p["url"] == "" && (!strings.HasPrefix(url, "/") || strings.HasPrefix(url, "//") || strings.Contains(url, `\`)) {
		p.Add("url", "a notification links to a path on this site")
	}
	Text(p, "body", n.Body, 5000)
	n.Msg.check(p, "msg", false)
	n.BodyMsg.check(p, "body_msg", true)
	if n.To.Empty() {
		p.Add("to", "a notification needs recipients")
	}
	if n.Record.IsZero() && (len(n.To.Orgs) > 0 || n.To.Committee != "" || len(n.To.Followers) > 0) {
		p.Add("record", "a notification that is not about a record may only go to named accounts")
	}
	for i, o := range n.To.Orgs {
		Line(p, fmt.Sprintf("to.orgs.%d.org", i), o.Org, 40)
		if !o.Role.Valid() {
			p.Add(fmt.Sprintf("to.orgs.%d.role", i), "choose viewer, editor or coordinator")
		}
	}
	if n.To.Committee != "" && !n.To.Committee.Valid() {
		p.Add("to.committee", "choose viewer, editor or coordinator")
	}
	for i, f := range n.To.Followers {
		if !f.Kind.Valid() {
			p.Add(fmt.Sprintf("to.followers.%d.kind", i), "follow a state, group, nap or event")
		}
		Line(p, fmt.Sprintf("to.followers.%d.target", i), f.Target, 40)
	}
	Line(p, "record.kind", n.Record.Kind, 60)
	Line(p, "record.id", n.Record.ID, 60)
	for i, a := range n.Attachments {
		Line(p, fmt.Sprintf("attachments.%d.name", i), a.Name, 200)
		Line(p, fmt.Sprintf("attachments.%d.content_type", i), a.ContentType, 200)
	}
	return p
}

// NoticeKindNames lists the kinds' names (the API's enumeration).
func NoticeKindNames() []string {
	out := make([]string, len(NoticeKinds))
	for i, k := range NoticeKinds {
		out[i] = string(k.Kind)
	}
	return out
}

// NotificationSettingsInput is a change of an account's deliveries: for
// each kind named, how it wants it (the kinds not named stay as they are).
type NotificationSettingsInput struct {
	Deliveries map[string]string
}

// Validate checks the kinds and deliveries: every kind must be known,
// every delivery one of Deliveries, and security notices stay immediate.
// Problems are named by the kind.
func (in NotificationSettingsInput) Validate() (map[NoticeKind]Delivery, Problems) {
	p := Problems{}
	out := map[NoticeKind]Delivery{}
	for k, d := range in.Deliveries {
		info, ok := NoticeKindOf(NoticeKind(k))
		field := CleanLine(k, 60)
		if field == "" {
			field = "kind"
		}
		switch {
		case !ok:
			p.Add(field, "is not a kind of notification")
		case !Delivery(d).Valid():
			p.Add(field, "choose immediate, digest or off")
		case info.Mandatory && Delivery(d) != DeliverImmediately:
			p.Add(field, "security notices cannot be turned off or delayed")
		default:
			out[info.Kind] = Delivery(d)
		}
	}
	return out, p
}

// FollowInput is something to follow (or stop following) as a page or a
// client names it: a kind and a State's or group's code or a plan's or an
// event's ID.
type FollowInput struct {
	Kind   string `json:"kind" enum:"FollowKinds"`
	Target string `json:"target" doc:"a State's or group's code, or a plan's or event's id"`
}

// Validate checks the kind and the target (a one-line text); codes are
// upper-cased. Whether the target exists is the service's to say.
func (in FollowInput) Validate() (FollowTarget, Problems) {
	p := Problems{}
	t := FollowTarget{Kind: FollowKind(strings.TrimSpace(in.Kind)), Target: Line(p, "target", in.Target, 40)}
	if !t.Kind.Valid() {
		p.Add("kind", "follow a state, group, nap or event")
	}
	if t.Target == "" && p["target"] == "" {
		p.Add("target", "name what to follow")
	}
	if t.Kind == FollowState || t.Kind == FollowGroup {
		t.Target = strings.ToUpper(t.Target)
	}
	return t, p
}

// Notification is one notice in one account's inbox.
type Notification struct {
	ID        int64
	AccountID int64
	Kind      NoticeKind
	Record    RecordRef
	Title     string
	URL       string
	Body      string
	// Msg and BodyMsg are the title and text as keys and arguments (empty
	// for a notification made before notices had them: Title and Body are
	// then its only words, in English).
	Msg     Message
	BodyMsg Message
	// Lang is the language Title and Body are written in as read
	// (the reader's, or English for a notification without a key).
	Lang      string
	Delivery  Delivery // immediate or digest: how its e-mail goes
	CreatedAt time.Time
	ReadAt    time.Time // zero while unread
	MailedAt  time.Time // zero until its e-mail (or digest) went
}

// Read reports whether the notification was read.
func (n Notification) Read() bool { return !n.ReadAt.IsZero() }

// FollowKind is what an account can follow.
type FollowKind string

// The followable kinds.
const (
	FollowState FollowKind = "state"
	FollowGroup FollowKind = "group"
	FollowNAP   FollowKind = "nap"
	FollowEvent FollowKind = "event"
)

// FollowKinds lists them.
var FollowKinds = []FollowKind{FollowState, FollowGroup, FollowNAP, FollowEvent}

// Valid reports whether k is followable.
func (k FollowKind) Valid() bool { return slices.Contains(FollowKinds, k) }

// FollowTarget is one thing followed: a State or group code, or a plan's
// or event's ID.
type FollowTarget struct {
	Kind   FollowKind `json:"kind"`
	Target string     `json:"target"`
}

// Follow is an account following a target.
type Follow struct {
	FollowTarget
	Label     string // the target in words (filled by the service)
	URL       string
	CreatedAt time.Time
}
