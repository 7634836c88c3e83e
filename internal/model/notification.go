package model

import (
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
	To     Recipients
	// Attachments go with the immediate e-mail (not with the digest).
	Attachments []Attachment
}

// Validate checks a notice before it is enqueued.
func (n Notice) Validate() Problems {
	p := Problems{}
	if _, ok := NoticeKindOf(n.Kind); !ok {
		p.Add("kind", "unknown notification kind %q", n.Kind)
	}
	if strings.TrimSpace(n.Title) == "" || len(n.Title) > 300 {
		p.Add("title", "a notification needs a title of at most 300 characters")
	}
	if !strings.HasPrefix(n.URL, "/") || strings.HasPrefix(n.URL, "//") {
		p.Add("url", "a notification links to a path on this site")
	}
	if n.To.Empty() {
		p.Add("to", "a notification needs recipients")
	}
	if n.Record.IsZero() && (len(n.To.Orgs) > 0 || n.To.Committee != "" || len(n.To.Followers) > 0) {
		p.Add("record", "a notification that is not about a record may only go to named accounts")
	}
	return p
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
