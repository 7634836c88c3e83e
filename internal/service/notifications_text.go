package service

import (
	"context"
	"fmt"

	"napx/internal/i18n"
	"napx/internal/model"
	"napx/internal/refdata"
)

// Sentences as keys and arguments (issue 17): a notice, a match's reason,
// a step of the assistance procedure is kept as a model.Message and
// written for each reader in their language when it is shown or mailed.
// Its arguments say what they are: data stays as written (a record's
// title, a person's name), a number and a day follow the language's
// conventions, a State, an organisation or a group is named in the
// reader's language, and a word of a list (a kind, a modality) is a
// message of its own.

// MessageText writes m in pr's language; cat names organisations and
// groups. A key no catalogue has shows as missing (never an error).
func MessageText(pr *i18n.Printer, cat *refdata.Catalog, m model.Message) string {
	if cat == nil {
		return pr.Say(m, nil)
	}
	return pr.Say(m, cat)
}

// checkMessage refuses a message whose key, or a key among its arguments,
// no catalogue has, and a language argument outside the six: a notice
// with a bad key fails the change that sends it, never a reader's page.
func checkMessage(m model.Message) error {
	if m.IsZero() {
		return nil
	}
	cat := i18n.MustDefault()
	keys := []string{m.Key}
	for _, a := range m.Args {
		if a.Message != nil {
			if err := checkMessage(*a.Message); err != nil {
				return err
			}
		}
		if a.Key != "" {
			keys = append(keys, a.Key)
		}
		keys = append(keys, a.Keys...)
		if a.Lang != "" && !model.IsLanguage(a.Lang) {
			return fmt.Errorf("message %s: %q is not one of the six languages", m.Key, a.Lang)
		}
	}
	for _, k := range keys {
		if !cat.Has(k) {
			return fmt.Errorf("message %s: no catalogue has the key %q", m.Key, k)
		}
	}
	return nil
}

// english is a message in English: what a notice stores as its title and
// text beside its key (the audit log, the mail log, older readers).
func (s *Notifications) english(m model.Message) string {
	return MessageText(i18n.MustDefault().Printer(i18n.English), s.cat, m)
}

// inLanguage writes a notification's title and text in lang: from its
// key and arguments when it has them, else (a notification made before
// notices had keys) its stored English, with Lang saying so.
func (s *Notifications) inLanguage(n *model.Notification, lang string) {
	if n.Msg.IsZero() {
		n.Lang = i18n.English
		return
	}
	pr := i18n.MustDefault().Printer(lang)
	n.Lang = pr.Lang().Code
	n.Title = MessageText(pr, s.cat, n.Msg)
	if !n.BodyMsg.IsZero() {
		n.Body = MessageText(pr, s.cat, n.BodyMsg)
	}
}

// localize writes notifications in the request's language (ctx).
func (s *Notifications) localize(ctx context.Context, ns []model.Notification) {
	lang := i18n.FromContext(ctx)
	for i := range ns {
		s.inLanguage(&ns[i], lang)
	}
}
