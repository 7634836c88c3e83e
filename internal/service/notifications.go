package service

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/policy"
	"napx/internal/refdata"
	"napx/internal/store"
)

// RecordInfo is what a notification needs to know about its record: the
// policy record (who may read it now), a title and its address.
type RecordInfo struct {
	Record policy.Record
	Title  string
	URL    string
	// Visible, when set, decides instead of policy.CanRead on Record: a
	// record narrower than the one it belongs to (an event's delegate or
	// material) asks its own rule of the policy.
	Visible func(ctx context.Context, v model.Viewer) (bool, error)
}

// visibleTo reports whether v may be told about the record now.
func (i *RecordInfo) visibleTo(ctx context.Context, v model.Viewer) (bool, error) {
	if i == nil {
		return false, nil
	}
	if i.Visible != nil {
		return i.Visible(ctx, v)
	}
	return policy.CanRead(v, i.Record), nil
}

// RecordResolver loads a record of one kind by ID; ErrNotFound when it is
// gone.
type RecordResolver func(ctx context.Context, id string) (RecordInfo, error)

// Notifications tells people what happened (issue 10): the inbox, e-mail
// (at once or in a daily digest), per-account settings and follows.
//
// Features call one contract inside their write transaction:
//
//	s.notify.Send(ctx, tx, model.Notice{Kind: model.NoticeNAPPublished,
//		Record: model.RecordRef{Kind: "nap", ID: "12"}, Title: "...", URL: "/naps/12",
//		To: model.Recipients{Followers: []model.FollowTarget{{Kind: model.FollowNAP, Target: "12"}}}})
//
// Send inserts one job in that transaction. After the change commits, the
// job resolves the recipients, keeps only those the policy lets read the
// record, honours each one's settings, fills their inboxes and enqueues
// their e-mail; the e-mail job checks the policy once more before sending.
type Notifications struct {
	db       *store.DB
	cat      *refdata.Catalog
	log      *slog.Logger
	now      func() time.Time
	jobs     *Jobs
	mail     *Mailer
	accounts *Accounts

	mu      sync.RWMutex
	records map[string]RecordResolver
	// invitation builds the calendar invitation of an event for one
	// recipient (Notice.Invitation); set by the events' wiring.
	invitation func(ctx context.Context, eventID int64, to model.Account) (model.Attachment, error)
}

func newNotifications(d Deps, jobs *Jobs, mailer *Mailer, accounts *Accounts) *Notifications {
	s := &Notifications{db: d.DB, cat: d.Catalog, log: d.Log, now: d.Now, jobs: jobs, mail: mailer, accounts: accounts,
		records: map[string]RecordResolver{}}
	river.AddWorker(jobs.workers, &fanOutWorker{s: s})
	river.AddWorker(jobs.workers, &noticeMailWorker{s: s})
	river.AddWorker(jobs.workers, &digestWorker{s: s})
	river.AddWorker(jobs.workers, &digestMailWorker{s: s})
	return s
}

// RegisterRecord tells notifications how to load records of kind (a
// feature registers its own in service.New).
func (s *Notifications) RegisterRecord(kind string, fn RecordResolver) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.records[kind] = fn
}

func (s *Notifications) resolver(kind string) (RecordResolver, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	fn, ok := s.records[kind]
	return fn, ok
}

// resolve loads a notice's record; ErrNotFound when it is gone.
func (s *Notifications) resolve(ctx context.Context, ref model.RecordRef) (RecordInfo, error) {
	fn, ok := s.resolver(ref.Kind)
	if !ok {
		return RecordInfo{}, fmt.Errorf("notifications: no record kind %q is registered", ref.Kind)
	}
	return fn(ctx, ref.ID)
}

// fanOutArgs is a notice waiting to be told. Key names the notice: a
// fan-out that runs again (a retry, a rescued job) adds nobody twice, and
// two notices with one key are one (SendOnce).
type fanOutArgs struct {
	Key         string             `json:"key"`
	Notice      model.NoticeKind   `json:"notice"`
	Record      model.RecordRef    `json:"record"`
	Title       string             `json:"title"`
	URL         string             `json:"url"`
	Body        string             `json:"body,omitempty"`
	Msg         model.Message      `json:"msg,omitzero"`
	BodyMsg     model.Message      `json:"body_msg,omitzero"`
	To          model.Recipients   `json:"to"`
	Attachments []model.Attachment `json:"attachments,omitempty"`
	Invitation  int64              `json:"invitation,omitempty"`
}

func (fanOutArgs) Kind() string { return "notify.fanout" }

// Send is the contract features call inside their write transaction: the
// notice is enqueued with the change, so a rolled-back change tells no one
// and a committed one is never lost.
func (s *Notifications) Send(ctx context.Context, tx *store.Tx, n model.Notice) error {
	if quiet(ctx) {
		return nil
	}
	return s.enqueue(ctx, tx, n, "n:"+newSecret(16))
}

// SendOnce sends a notice in its own transaction, at most once per key
// ever (deadline scans: key names the thing, its day and the threshold,
// e.g. "nap.action-overdue:41:2031-03-01"). The key is claimed in the
// table notice_keys with the job, so a scan that runs again — on another
// process, or months later — tells nobody twice.
func (s *Notifications) SendOnce(ctx context.Context, n model.Notice, key string) error {
	if key == "" {
		return errors.New("notifications: SendOnce needs a key")
	}
	if quiet(ctx) {
		return nil
	}
	return s.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		claimed, err := tx.ClaimNoticeKey(ctx, key)
		if err != nil || !claimed {
			return err
		}
		return s.enqueue(ctx, tx, n, "k:"+key)
	})
}

// enqueue queues the fan-out in the notice outbox (outbox.go), from which
// the relay inserts it as a River job by the fast path (no uniqueness
// check): the fan-out is idempotent by key, and SendOnce claims its key
// itself.
func (s *Notifications) enqueue(ctx context.Context, tx *store.Tx, n model.Notice, key string) error {
	for _, m := range []model.Message{n.Msg, n.BodyMsg} {
		if err := checkMessage(m); err != nil {
			return fmt.Errorf("notifications: bad notice: %w", err)
		}
	}
	if !n.Msg.IsZero() && n.Title == "" {
		n.Title = model.Truncate(s.english(n.Msg), 300)
	}
	if !n.BodyMsg.IsZero() && n.Body == "" {
		n.Body = model.Truncate(s.english(n.BodyMsg), 5000)
	}
	if p := n.Validate(); len(p) > 0 {
		return fmt.Errorf("notifications: bad notice: %w", p)
	}
	if !n.Record.IsZero() {
		if _, ok := s.resolver(n.Record.Kind); !ok {
			return fmt.Errorf("notifications: no record kind %q is registered", n.Record.Kind)
		}
	}
	return s.jobs.queueFanOut(ctx, tx, fanOutArgs{Key: key, Notice: n.Kind, Record: n.Record,
		Title: n.Title, URL: n.URL, Body: n.Body, Msg: n.Msg, BodyMsg: n.BodyMsg, To: n.To, Attachments: n.Attachments, Invitation: n.Invitation})
}

// readableAll reports whether v may read every one of refs now (a record
// that is gone cannot be read): the outbox and the mail log withhold the
// subject of mail about the others.
func (s *Notifications) readableAll(ctx context.Context, v model.Viewer, refs []model.RecordRef) (bool, error) {
	for _, ref := range refs {
		if ref.IsZero() {
			continue
		}
		info, err := s.resolve(ctx, ref)
		if errors.Is(err, model.ErrNotFound) {
			return false, nil
		}
		if err != nil {
			return false, err
		}
		if ok, err := info.visibleTo(ctx, v); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// security tells an account about a change to its own security (key, a
// message of the part svcnotices, with its arguments); it cannot be
// turned off.
func (s *Notifications) security(ctx context.Context, tx *store.Tx, acc model.Account, key string, args ...model.MsgArg) error {
	if s == nil {
		return nil
	}
	for i, a := range args {
		if a.Text != "" {
			args[i].Text = model.CleanLine(a.Text, 200)
		}
	}
	return s.Send(ctx, tx, model.Notice{Kind: model.NoticeAccountSecurity, Msg: model.Msg(key, args...), URL: "/account",
		BodyMsg: model.Msg("svcnotices.security.body"),
		To:      model.Recipients{Accounts: []int64{acc.ID}}})
}

// deliveryOf is how an account wants kind, given its chosen settings.
func deliveryOf(kind model.NoticeKind, chosen model.Delivery) model.Delivery {
	info, _ := model.NoticeKindOf(kind)
	switch {
	case info.Mandatory:
		return model.DeliverImmediately
	case chosen.Valid():
		return chosen
	case info.Default.Valid():
		return info.Default
	}
	return model.DeliverImmediately
}

type fanOutWorker struct {
	river.WorkerDefaults[fanOutArgs]
	s *Notifications
}

// Work chooses the recipients through the policy and fills their inboxes
// and mail queue in one transaction.
func (w *fanOutWorker) Work(ctx context.Context, job *river.Job[fanOutArgs]) error {
	s, a := w.s, job.Args
	var rec *RecordInfo
	if !a.Record.IsZero() {
		info, err := s.resolve(ctx, a.Record)
		if errors.Is(err, model.ErrNotFound) {
			s.log.Info("notice about a record that is gone: nobody told", "kind", a.Notice, "record", a.Record)
			return nil
		}
		if err != nil {
			return err
		}
		rec = &info
	}
	accounts, err := s.db.RecipientAccounts(ctx, a.To)
	if err != nil {
		return err
	}
	except := map[int64]bool{}
	for _, id := range a.To.Except {
		except[id] = true
	}
	var told []model.Account
	for _, acc := range accounts {
		if except[acc.ID] {
			continue
		}
		if rec != nil {
			ok, err := rec.visibleTo(ctx, s.accounts.ViewerOf(acc))
			if err != nil {
				return err
			}
			if !ok {
				continue
			}
		}
		told = append(told, acc)
	}
	ids := make([]int64, len(told))
	for i, acc := range told {
		ids[i] = acc.ID
	}
	chosen, err := s.db.DeliveriesFor(ctx, a.Notice, ids)
	if err != nil {
		return err
	}
	return s.db.Write(ctx, func(tx *store.Tx) error {
		var mails []river.InsertManyParams
		added := 0
		for _, acc := range told {
			d := deliveryOf(a.Notice, chosen[acc.ID])
			if d == model.DeliverOff {
				continue
			}
			n := model.Notification{AccountID: acc.ID, Kind: a.Notice, Record: a.Record, Title: a.Title, URL: a.URL, Body: a.Body,
				Msg: a.Msg, BodyMsg: a.BodyMsg, Delivery: d}
			inserted, err := tx.InsertNotification(ctx, &n, a.Key)
			if err != nil {
				return err
			}
			if !inserted {
				continue
			}
			added++
			if d == model.DeliverImmediately {
				mails = append(mails, river.InsertManyParams{Args: noticeMailArgs{Notification: n.ID, Attachments: a.Attachments, Invitation: a.Invitation}})
			}
		}
		if err := s.jobs.insert(ctx, tx, mails...); err != nil {
			return err
		}
		if added == 0 {
			return nil
		}
		return tx.Audit(ctx, model.SystemViewer("napx notifications"), store.AuditRecord{Action: "notify." + string(a.Notice), Kind: "notification",
			RecordID: a.Record.Kind + ":" + a.Record.ID, Summary: fmt.Sprintf("%q told to %d account(s), %d by e-mail at once", a.Title, added, len(mails))})
	})
}

// noticeMailArgs is one notification's immediate e-mail.
type noticeMailArgs struct {
	Notification int64              `json:"notification" river:"unique"`
	Attachments  []model.Attachment `json:"attachments,omitempty"`
	Invitation   int64              `json:"invitation,omitempty"`
}

func (noticeMailArgs) Kind() string { return "notify.mail" }
func (noticeMailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMail, MaxAttempts: mailAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type noticeMailWorker struct {
	river.WorkerDefaults[noticeMailArgs]
	s *Notifications
}

// Work checks once more that the account may read the record (it may have
// become private since), then sends.
func (w *noticeMailWorker) Work(ctx context.Context, job *river.Job[noticeMailArgs]) error {
	s := w.s
	n, err := s.db.Notification(ctx, job.Args.Notification)
	if errors.Is(err, model.ErrNotFound) {
		return nil // the account was removed
	}
	if err != nil {
		return err
	}
	if !n.MailedAt.IsZero() {
		return nil
	}
	acc, ok, err := s.stillReadable(ctx, n, nil)
	if err != nil || !ok {
		return err
	}
	if d, err := s.currentDelivery(ctx, acc.ID, n.Kind); err != nil {
		return err
	} else if d == model.DeliverOff {
		return s.markMailed(ctx, n.ID)
	}
	attach := job.Args.Attachments
	if job.Args.Invitation != 0 && s.invitation != nil {
		a, err := s.invitation(ctx, job.Args.Invitation, acc)
		switch {
		case errors.Is(err, model.ErrNotFound): // the event is gone: the notice goes without it
		case err != nil:
			return err
		default:
			attach = append(attach, a)
		}
	}
	// In the recipient's language: the letter's frame, and the notice's
	// title and text from their key (a notification made before notices
	// had keys keeps its English, marked as such).
	pr := i18n.MustDefault().Printer(acc.Language)
	s.inLanguage(&n, pr.Lang().Code)
	intro := pr.T("svcnotices.mail.intro", n.Title)
	item := Item{Title: pr.T("mail.notice.open"), URL: s.mail.URL(n.URL), Body: n.Body}
	if n.Lang != pr.Lang().Code {
		intro, item.BodyLang = n.Title+".", n.Lang
	}
	err = s.mail.Send(ctx, Letter{To: acc.Email, ToName: acc.Name, Subject: n.Title, Kind: string(n.Kind), Settings: true, Records: []model.RecordRef{n.Record},
		Lang: pr.Lang().Code, Intro: intro, IntroLang: n.Lang, Items: []Item{item}, Attach: attach})
	if err != nil {
		return err
	}
	return s.markMailed(ctx, n.ID)
}

func (s *Notifications) markMailed(ctx context.Context, ids ...int64) error {
	return s.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.SetNotificationsMailed(ctx, ids...) })
}

func (s *Notifications) currentDelivery(ctx context.Context, accountID int64, kind model.NoticeKind) (model.Delivery, error) {
	chosen, err := s.db.DeliveriesFor(ctx, kind, []int64{accountID})
	if err != nil {
		return "", err
	}
	return deliveryOf(kind, chosen[accountID]), nil
}

// stillReadable loads the notification's account and checks, now, that it
// is active and may read the record. When not, the notification leaves the
// inbox and counts as mailed: nothing is ever sent about it.
func (s *Notifications) stillReadable(ctx context.Context, n model.Notification, cache map[model.RecordRef]*RecordInfo) (model.Account, bool, error) {
	acc, err := s.db.Account(ctx, n.AccountID)
	if errors.Is(err, model.ErrNotFound) {
		return acc, false, nil
	}
	if err != nil {
		return acc, false, err
	}
	ok := !acc.Disabled
	if ok && !n.Record.IsZero() {
		info, cached := cache[n.Record]
		if !cached {
			i, err := s.resolve(ctx, n.Record)
			switch {
			case errors.Is(err, model.ErrNotFound):
			case err != nil:
				return acc, false, err
			default:
				info = &i
			}
			if cache != nil {
				cache[n.Record] = info
			}
		}
		if ok, err = info.visibleTo(ctx, s.accounts.ViewerOf(acc)); err != nil {
			return acc, false, err
		}
	}
	if ok {
		return acc, true, nil
	}
	s.log.Info("notification withheld: the record is no longer readable for its account", "notification", n.ID, "account", n.AccountID)
	err = s.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		if err := tx.HideNotification(ctx, n.ID); err != nil {
			return err
		}
		return tx.SetNotificationsMailed(ctx, n.ID)
	})
	return acc, false, err
}

// digestArgs is one run of the daily digest.
type digestArgs struct {
	Slot string `json:"slot"`
}

func (digestArgs) Kind() string { return "notify.digest" }
func (digestArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}
}

type digestWorker struct {
	river.WorkerDefaults[digestArgs]
	s *Notifications
}

// Work enqueues one digest e-mail per account with notifications waiting.
func (w *digestWorker) Work(ctx context.Context, job *river.Job[digestArgs]) error {
	ids, err := w.s.db.DigestAccounts(ctx)
	if err != nil || len(ids) == 0 {
		return err
	}
	return w.s.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		params := make([]river.InsertManyParams, len(ids))
		for i, id := range ids {
			params[i] = river.InsertManyParams{Args: digestMailArgs{Account: id, Slot: job.Args.Slot}}
		}
		return w.s.jobs.insert(ctx, tx, params...)
	})
}

// digestMailArgs is one account's digest e-mail.
type digestMailArgs struct {
	Account int64  `json:"account" river:"unique"`
	Slot    string `json:"slot"`
}

func (digestMailArgs) Kind() string { return "notify.digest-mail" }

// InsertOpts: at most one digest per account waiting or being sent,
// whatever its slot. A slow relay used to let the next run enqueue a
// second digest of the same notifications before the first marked them
// mailed (four identical mails under load). A finished digest does not
// block the next slot's.
func (digestMailArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{Queue: queueMail, MaxAttempts: mailAttempts, UniqueOpts: river.UniqueOpts{ByArgs: true,
		ByState: []rivertype.JobState{rivertype.JobStateAvailable, rivertype.JobStatePending, rivertype.JobStateRetryable,
			rivertype.JobStateRunning, rivertype.JobStateScheduled}}}
}

type digestMailWorker struct {
	river.WorkerDefaults[digestMailArgs]
	s *Notifications
}

// Work sends one e-mail listing what waited, each item checked against
// the policy again.
func (w *digestMailWorker) Work(ctx context.Context, job *river.Job[digestMailArgs]) error {
	s := w.s
	pending, err := s.db.PendingDigest(ctx, job.Args.Account)
	if err != nil || len(pending) == 0 {
		return err
	}
	cache := map[model.RecordRef]*RecordInfo{}
	var acc model.Account
	var items []Item
	lang := ""
	var ids []int64
	var refs []model.RecordRef
	for _, n := range pending {
		a, ok, err := s.stillReadable(ctx, n, cache)
		if err != nil {
			return err
		}
		if !ok {
			continue
		}
		acc = a
		d, err := s.currentDelivery(ctx, a.ID, n.Kind)
		if err != nil {
			return err
		}
		ids = append(ids, n.ID)
		if d == model.DeliverOff {
			continue
		}
		if lang == "" {
			lang = i18n.MustDefault().Printer(a.Language).Lang().Code
		}
		s.inLanguage(&n, lang)
		items = append(items, Item{Title: n.Title, URL: s.mail.URL(n.URL), Lang: n.Lang})
		refs = append(refs, n.Record)
	}
	if len(items) > 0 {
		pr := i18n.MustDefault().Printer(acc.Language)
		err := s.mail.Send(ctx, Letter{To: acc.Email, ToName: acc.Name, Subject: pr.T("mail.digest.subject", len(items)), Kind: "digest", Settings: true, Records: refs,
			Lang: pr.Lang().Code, Intro: pr.T("mail.digest.intro"), Items: items,
			Outro: pr.T("mail.digest.outro", s.mail.URL("/notifications"))})
		if err != nil {
			return err
		}
	}
	if len(ids) == 0 {
		return nil
	}
	return s.markMailed(ctx, ids...)
}

// Inbox is an account's notifications as the inbox page shows them.
type Inbox struct {
	Unread     []model.Notification // every unread one (up to 200), newest first
	Read       []model.Notification // a page of the read ones
	UnreadN    int
	NextBefore int64 // the next page of read ones, 0 when none
}

// readable keeps the notifications v may still be told about; the others
// leave the inbox for good.
func (s *Notifications) readable(ctx context.Context, v model.Viewer, ns []model.Notification) ([]model.Notification, error) {
	cache := map[model.RecordRef]*RecordInfo{}
	out := ns[:0]
	for _, n := range ns {
		if n.Record.IsZero() {
			out = append(out, n)
			continue
		}
		info, cached := cache[n.Record]
		if !cached {
			i, err := s.resolve(ctx, n.Record)
			switch {
			case errors.Is(err, model.ErrNotFound):
			case err != nil:
				return nil, err
			default:
				info = &i
			}
			cache[n.Record] = info
		}
		ok, err := info.visibleTo(ctx, v)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, n)
			continue
		}
		if err := s.db.WriteUnaudited(ctx, func(tx *store.Tx) error { return tx.HideNotification(ctx, n.ID) }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Inbox returns the signed-in account's inbox: the unread first, then the
// read ones, newest first (before: the page of read ones).
func (s *Notifications) Inbox(ctx context.Context, v model.Viewer, before int64) (Inbox, error) {
	if !v.SignedIn() {
		return Inbox{}, model.ErrUnauthenticated
	}
	var in Inbox
	unread, err := s.db.Notifications(ctx, v.ID(), store.NotificationFilter{Unread: true, Limit: 200})
	if err != nil {
		return in, err
	}
	if in.Unread, err = s.readable(ctx, v, unread); err != nil {
		return in, err
	}
	all, err := s.db.Notifications(ctx, v.ID(), store.NotificationFilter{Before: before, Limit: 51})
	if err != nil {
		return in, err
	}
	if len(all) == 51 {
		in.NextBefore = all[49].ID
		all = all[:50]
	}
	var read []model.Notification
	for _, n := range all {
		if n.Read() {
			read = append(read, n)
		}
	}
	if in.Read, err = s.readable(ctx, v, read); err != nil {
		return in, err
	}
	s.localize(ctx, in.Unread)
	s.localize(ctx, in.Read)
	in.UnreadN, err = s.db.UnreadCount(ctx, v.ID())
	return in, err
}

// NotificationList is a page of an account's notifications (the API).
type NotificationList struct {
	Items  []model.Notification // newest first
	Unread int                  // the account's unread notifications
	// Next is the cursor of the next page: the ID of the last
	// notification this page looked at (0 on the last page).
	Next int64
}

// MaxNotificationPage is the most notifications one page holds.
const MaxNotificationPage = 500

// List returns a page of the account's notifications, newest first: those
// older than before (0: from the newest), at most limit. The page is read
// by its key (the ID), not by an offset.
func (s *Notifications) List(ctx context.Context, v model.Viewer, before int64, limit int) (NotificationList, error) {
	if !v.SignedIn() {
		return NotificationList{}, model.ErrUnauthenticated
	}
	if limit <= 0 || limit > MaxNotificationPage {
		return NotificationList{}, model.Problems{"limit": fmt.Sprintf("a whole number from 1 to %d", MaxNotificationPage)}
	}
	ns, err := s.db.Notifications(ctx, v.ID(), store.NotificationFilter{Before: before, Limit: limit + 1})
	if err != nil {
		return NotificationList{}, err
	}
	var out NotificationList
	if len(ns) > limit {
		out.Next = ns[limit-1].ID
		ns = ns[:limit]
	}
	if out.Items, err = s.readable(ctx, v, ns); err != nil {
		return NotificationList{}, err
	}
	s.localize(ctx, out.Items)
	out.Unread, err = s.db.UnreadCount(ctx, v.ID())
	return out, err
}

// UnreadCount is the number in every page's header (0 for visitors).
func (s *Notifications) UnreadCount(ctx context.Context, v model.Viewer) (int, error) {
	if !v.SignedIn() {
		return 0, nil
	}
	return s.db.UnreadCount(ctx, v.ID())
}

// MarkRead marks one of the viewer's notifications read and returns it;
// someone else's, or one that left the inbox, does not exist (whatever
// the input). Reading one's own inbox changes no record: housekeeping,
// not audited.
func (s *Notifications) MarkRead(ctx context.Context, v model.Viewer, id int64, none Input[struct{}]) (model.Notification, error) {
	if !v.SignedIn() {
		return model.Notification{}, model.ErrUnauthenticated
	}
	var out model.Notification
	err := s.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		n, err := tx.OwnNotification(ctx, v.ID(), id)
		if err != nil {
			return err
		}
		if _, err := none.read(struct{}{}); err != nil {
			return err
		}
		if err := tx.MarkNotificationRead(ctx, v.ID(), id); err != nil {
			return err
		}
		if n.ReadAt.IsZero() {
			n.ReadAt = tx.Now()
		}
		out = n
		return nil
	})
	if err == nil {
		s.inLanguage(&out, i18n.FromContext(ctx))
	}
	return out, err
}

// ReadAll is what marking every notification read did.
type ReadAll struct {
	Marked int64 // notifications marked read
	Unread int   // unread left (0)
}

// MarkAllRead marks every notification of the viewer read.
func (s *Notifications) MarkAllRead(ctx context.Context, v model.Viewer, none Input[struct{}]) (ReadAll, error) {
	if !v.SignedIn() {
		return ReadAll{}, model.ErrUnauthenticated
	}
	if _, err := none.read(struct{}{}); err != nil {
		return ReadAll{}, err
	}
	var out ReadAll
	err := s.db.WriteUnaudited(ctx, func(tx *store.Tx) error {
		var err error
		out.Marked, err = tx.MarkAllNotificationsRead(ctx, v.ID())
		return err
	})
	if err != nil {
		return ReadAll{}, err
	}
	out.Unread, err = s.db.UnreadCount(ctx, v.ID())
	return out, err
}
