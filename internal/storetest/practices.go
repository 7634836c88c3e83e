package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"napx/internal/model"
	"napx/internal/store"
)

// practiceWords are the words bulk practices are written with: some in
// most of them, some in few.
var practiceWords = strings.Fields(`export licensing brokering customs border training control controls law legislation penalty
	enforcement nuclear chemical biological material security accounting physical protection transit transshipment reexport
	financing transport services technology intangible catchall enduser import agency ministry coordination working group
	plan review assistance request programme outreach industry academia parliament laboratory biosafety biosecurity
	detection equipment inspection regulator authority registry list dual use goods weapons delivery means nonstate actors`)

// BulkPractices writes, in one audited transaction, n practices of the
// given owners (round robin), published and public unless every
// fifth (a private draft), with text and tags varied, for benchmarks. The
// index is written with each, as by every write.
func BulkPractices(tb testing.TB, db *store.DB, owners []string, n int) {
	tb.Helper()
	ctx := context.Background()
	tags := []string{"OP1", "OP2", "OP3a", "OP3b", "OP3c", "OP3d", "AS-LEG", "AS-EXPORT", "AS-BORDER", "OP3d-NW-11.LF"}
	err := db.Write(ctx, func(tx *store.Tx) error {
		for i := range n {
			var words []string
			for j := range 60 {
				words = append(words, practiceWords[(i*7+j*j*13+j)%len(practiceWords)])
			}
			body := strings.Join(words, " ") + "."
			p := model.Practice{Kind: model.PracticeKinds[i%len(model.PracticeKinds)], Title: fmt.Sprintf("Practice %d on %s and %s", i, words[0], words[1]),
				Body: body, HTML: "<p>" + body + "</p>", Text: body, Owner: owners[i%len(owners)], Submitter: owners[i%len(owners)],
				Date: model.NewDate(2010+i%15, time.Month(1+i%12), 1+i%28), Tags: []string{tags[i%len(tags)], tags[(i+3)%len(tags)]},
				Status: model.PracticePublished, Audience: model.VisPublic, Visibility: model.VisPublic}
			if i%5 == 4 {
				p.Status, p.Visibility = model.PracticeDraft, model.VisPrivate
			}
			if err := tx.CreatePractice(ctx, &p); err != nil {
				return err
			}
		}
		return tx.Audit(ctx, model.SystemViewer("storetest"), store.AuditRecord{Action: "test.bulk", Kind: "practice", Summary: fmt.Sprintf("%d bulk practices", n)})
	})
	if err != nil {
		tb.Fatalf("bulk practices: %v", err)
	}
}
