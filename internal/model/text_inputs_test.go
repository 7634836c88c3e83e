package model_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"napx/internal/model"
)

// inputCase is one input type of the model: a fresh valid value and its
// validation.
type inputCase struct {
	name     string
	valid    func() any // a pointer to a valid input
	validate func(in any) model.Problems
	// notStored lists fields that are read but never kept or shown, with
	// why (so a hostile value there changes nothing).
	notStored map[string]string
}

func known(id string) bool { return id == "OP1-01" }

// strictCodes knows a few codes only (the package's codes fake takes any
// three letters).
type strictCodes struct{}

func (strictCodes) IsOrg(c string) bool   { return slices.Contains([]string{"HRV", "UNODA", "OSCE"}, c) }
func (strictCodes) IsGroup(c string) bool { return c == "SEE" }

// strictTags knows one tag besides strictCodes' codes.
type strictTags struct{ strictCodes }

func (strictTags) IsTag(s string) (string, bool) { return s, s == "OP1" }

// assistanceCodes knows a few assistance codes.
type assistanceCodes struct{}

func (assistanceCodes) IsArea(id string) bool     { return id == "AS-LEG" }
func (assistanceCodes) IsModality(id string) bool { return id == "training" }
func (assistanceCodes) IsLanguage(c string) bool  { return c == "en" }
func (assistanceCodes) IsElement(id string) bool  { return id == "OP1-01" }
func (assistanceCodes) IsState(c string) bool     { return c == "HRV" || c == "SRB" }
func (assistanceCodes) IsGroup(c string) bool     { return c == "SEE" }

var testEvent = model.Event{ID: 1, Start: model.MustDate("2030-05-01"), End: model.MustDate("2030-05-03"), TimeZone: "UTC"}

// inputCases lists every input the model validates. A new input type
// must be added here (TestEveryInputIsListed checks the names).
var inputCases = []inputCase{
	{"NAPInput", func() any {
		return &model.NAPInput{Type: model.Ptr("1540-nap"), Title: model.Ptr("Plan"), PeriodStart: model.Ptr("2024"), PeriodEnd: model.Ptr("2027"),
			Replaces: model.Ptr(""), Sections: map[string]string{"NAP-02": "text"}}
	}, func(in any) model.Problems { _, p := in.(*model.NAPInput).Apply(model.NAP{}, true); return p }, nil},
	{"NAPActionInput", func() any {
		return &model.NAPActionInput{Title: model.Ptr("Act"), Description: model.Ptr("d"), Section: model.Ptr("NAP-05"), Priority: model.Ptr("high"),
			Status: model.Ptr("planned"), Progress: model.Ptr("0"), Start: model.Ptr("2024-01-01"), Due: model.Ptr("2025-01-01"), Lead: model.Ptr("MFA"),
			IndicatorBaseline: model.Ptr("b"), IndicatorTarget: model.Ptr("t"), IndicatorActual: model.Ptr("a"), AssistanceWhat: model.Ptr("w"),
			Elements: &[]string{"OP1-01"}, Supporting: &[]string{"MoI"}, Comment: "c"}
	}, func(in any) model.Problems {
		_, p := in.(*model.NAPActionInput).Apply(model.NAPAction{}, true, func(id string) bool { return id == "OP1-01" })
		return p
	}, nil},
	{"EventInput", func() any {
		return &model.EventInput{Kind: "workshop", Code: "W1", Title: "Workshop", Organizer: "UNODA", Partners: []model.PartnerInput{{Org: "HRV", Roles: []string{"support"}}},
			Venue: model.Venue{Name: "Hall", Address: "Street 1", Phone: "+1", Fax: "+2", Web: "www.example.org"}, Start: "2030-05-01", End: "2030-05-03",
			ArrivalDays: []string{"2030-04-30"}, DepartureDays: []string{"2030-05-04"}, TimeZone: "Europe/Zagreb", Languages: []string{"English"},
			Background: "b", Purpose: "p", Objectives: []string{"o"}, Methodology: "m", Participation: "x", MaterialsNote: "n", OpenGroup: "SEE",
			NominationDeadline: "2030-04-01", Related: []model.RelatedInput{{Relation: "related", Title: "Other", Organizers: []string{"OSCE"}, Note: "n"}},
			Contacts:   []model.ContactInput{{Org: "UNODA", Name: "Ana", Role: "lead", Email: "ana@example.org", Phone: "+1", Audience: "public"}},
			Visibility: "public", SharedWith: []string{"HRV"}}
	}, func(in any) model.Problems { _, p := in.(*model.EventInput).Validate(strictCodes{}); return p }, nil},
	{"SessionInput", func() any {
		return &model.SessionInput{Day: "2030-05-01", Starts: "09:00", Ends: "10:00", Title: "Opening", Description: "d", Location: "Room 1",
			Chairs: []model.PersonInput{{Name: "Ana", Org: "HRV"}}, Speakers: []model.PersonInput{{Account: "ivan@example.org"}}}
	}, func(in any) model.Problems {
		_, p := in.(*model.SessionInput).Validate(testEvent, strictCodes{})
		return p
	}, nil},
	{"MaterialInput", func() any {
		return &model.MaterialInput{Title: "Agenda", Kind: "agenda", Filename: "agenda.pdf", ContentType: "application/pdf", Content: []byte("%PDF"),
			Audience: "public", ReleaseAt: "2030-04-01T09:00"}
	}, func(in any) model.Problems { _, p := in.(*model.MaterialInput).Validate(testEvent); return p },
		map[string]string{"ContentType": "never kept: the type is decided from the file name's extension"}},
	{"MaterialInput (link)", func() any {
		return &model.MaterialInput{Title: "Site", Kind: "other", URL: "https://www.example.org/a", Audience: "public"}
	}, func(in any) model.Problems { _, p := in.(*model.MaterialInput).Validate(testEvent); return p },
		map[string]string{"ContentType": "never kept", "Filename": "not used for a link"}},
	{"PracticeInput", func() any {
		return &model.PracticeInput{Kind: "lesson", Title: "A practice", Body: "# Heading\n\ntext", Submitter: "HRV", Date: "2017-09-15", Tags: []string{"OP1"},
			Phase: "review", Languages: []string{"English"}, Audience: "shared", SharedWith: []string{"SEE"}}
	}, func(in any) model.Problems { _, p := in.(*model.PracticeInput).Validate(strictTags{}); return p }, nil},
	{"PracticeAttachmentInput", func() any {
		return &model.PracticeAttachmentInput{Filename: "notes.pdf", ContentType: "application/pdf", Content: []byte("%PDF")}
	}, func(in any) model.Problems { _, p := in.(*model.PracticeAttachmentInput).Validate(); return p },
		map[string]string{"ContentType": "never kept: the type is decided from the file name's extension"}},
	{"LessonInput", func() any { return &model.LessonInput{Title: "Lesson", Body: "b", Org: "HRV"} },
		func(in any) model.Problems { _, p := in.(*model.LessonInput).Validate(strictCodes{}); return p }, nil},
	{"FollowUpInput", func() any {
		return &model.FollowUpInput{Title: "Do", Description: "d", Owner: "HRV", Due: "2030-06-01", Status: "open", Note: "n"}
	}, func(in any) model.Problems { _, p := in.(*model.FollowUpInput).Validate(strictCodes{}); return p }, nil},
	{"NominationInput", func() any { return &model.NominationInput{Org: "HRV", Name: "Ana Horvat", Function: "Adviser"} },
		func(in any) model.Problems { _, p := in.(*model.NominationInput).Validate(); return p }, nil},
	{"NominationFieldsInput", func() any {
		return &model.NominationFieldsInput{Fields: []model.NominationFieldSetting{{Field: "email", Required: true}, {Field: "gender"}}}
	}, func(in any) model.Problems { _, p := in.(*model.NominationFieldsInput).Validate(); return p }, nil},
	{"NominationDetails (CheckNominationDetails)", func() any {
		return &model.NominationDetails{Title: "Dr", Email: "ana@example.org", Gender: "woman", Arrival: "2030-04-30", Departure: "2030-05-04"}
	}, func(in any) model.Problems {
		all := []model.NominationFieldSetting{}
		for _, f := range model.NominationFieldList {
			all = append(all, model.NominationFieldSetting{Field: f})
		}
		_, p := model.CheckNominationDetails(*in.(*model.NominationDetails), all, testEvent.Start, testEvent.End)
		return p
	}, nil},
	{"ParticipantPatch", func() any { return &model.ParticipantPatch{Name: "Ivo Ivić", Function: "Adviser", Note: "n"} },
		func(in any) model.Problems { _, _, p := in.(*model.ParticipantPatch).Validate(); return p },
		map[string]string{"Status": "a status and a name are exclusive; the status is an enum"}},
	{"MatrixCellInput", func() any {
		return &model.MatrixCellInput{FieldID: "OP1-01", Status: "X", Reference: "Law 1", Remarks: "r", Source: "s"}
	}, func(in any) model.Problems { _, p := in.(*model.MatrixCellInput).Validate(known); return p }, nil},
	{"CommentInput", func() any { return &model.CommentInput{Body: "b"} },
		func(in any) model.Problems { _, p := in.(*model.CommentInput).Validate(); return p }, nil},
	{"ReviewInput", func() any { return &model.ReviewInput{Note: "n"} },
		func(in any) model.Problems { _, p := in.(*model.ReviewInput).Validate(true); return p }, nil},
	{"RequestInput", func() any {
		return &model.RequestInput{Group: model.Ptr("SEE"), CoRequesters: &[]string{"HRV"}, Title: model.Ptr("Help"), NoteVerbaleDate: model.Ptr("2026-01-02"),
			NoteVerbaleRef: model.Ptr("NV/1"), Contact: &model.RequestContact{Name: "Ana", Function: "Head", Email: "ana@example.org", Phone: "+1"},
			Beneficiaries: &[]string{"Customs"}, Description: model.Ptr("d"), ExpectedOutcome: model.Ptr("o"), Timeframe: model.Ptr("2027"),
			Language: model.Ptr("en"), Received: model.Ptr("r"), Contacted: model.Ptr("c"), Summary: model.Ptr("s"), CommitteeNotes: model.Ptr("n"),
			Needs: &[]model.NeedInput{{Area: "AS-LEG", Modalities: []string{"training"}, Description: "d", Elements: []string{"OP1-01"}}}}
	}, func(in any) model.Problems {
		_, p := in.(*model.RequestInput).Apply(model.AssistanceRequest{Owner: "SRB"}, true, assistanceCodes{})
		return p
	}, nil},
	{"ProgrammeInput", func() any {
		return &model.ProgrammeInput{Title: model.Ptr("Programme"), Description: model.Ptr("d"), Areas: &[]string{"AS-LEG"}, Modalities: &[]string{"training"},
			Groups: &[]string{"SEE"}, Languages: &[]string{"en"}, Eligibility: model.Ptr("e"), ContactName: model.Ptr("Ana"),
			ContactEmail: model.Ptr("ana@example.org"), Website: model.Ptr("www.example.org"), Start: model.Ptr("2026-01-01"), End: model.Ptr("2027-01-01"),
			Status: model.Ptr("open")}
	}, func(in any) model.Problems {
		_, p := in.(*model.ProgrammeInput).Apply(model.Programme{}, true, assistanceCodes{})
		return p
	}, nil},
	{"Acknowledgement", func() any { return &model.Acknowledgement{Date: "2026-10-01"} },
		func(in any) model.Problems { _, p := in.(*model.Acknowledgement).Validate(); return p }, nil},
	{"OfferInput", func() any { return &model.OfferInput{Programme: 1, Note: "n"} },
		func(in any) model.Problems { return in.(*model.OfferInput).Validate() }, nil},
	{"DeliveryInput", func() any { return &model.DeliveryInput{Start: "2026-10-01", End: "2026-10-02", What: "Training"} },
		func(in any) model.Problems { _, p := in.(*model.DeliveryInput).Validate(); return p }, nil},
	{"FeedbackInput", func() any {
		return &model.FeedbackInput{Side: "requester", Activities: "a", Achievements: "b", Opportunities: "c", Outcome: "fulfilled", OutcomeNote: "n"}
	}, func(in any) model.Problems { _, _, p := in.(*model.FeedbackInput).Validate(); return p }, nil},
	{"PointOfContactInput", func() any {
		return &model.PointOfContactInput{Kind: "capital", Name: "Ana", Title: "Head", Agency: "MFA", Email: "ana@example.org", Phone: "+1",
			Address: "Street 1", ValidFrom: "2024-01-01", Visibility: "public"}
	}, func(in any) model.Problems { _, p := in.(*model.PointOfContactInput).Validate(); return p }, nil},
	{"ReviewInput (approval)", func() any {
		return &model.ReviewInput{Note: "n", Date: "2015-03-01", Source: "Committee note", SourceURL: "https://www.un.org/en/sc/1540/"}
	}, func(in any) model.Problems { _, p := in.(*model.ReviewInput).Validate(false); return p }, nil},
	{"NationalReportInput", func() any {
		return &model.NationalReportInput{Type: model.Ptr("first"), Title: model.Ptr("First report"), Date: model.Ptr("2004-10-28"),
			Language: model.Ptr("en"), Symbol: model.Ptr("S/AC.44/2004/(02)/45"), URL: model.Ptr("https://www.un.org/en/sc/1540/"),
			Pages: model.Ptr("12"), Visibility: model.Ptr("public"), Source: model.Ptr("Committee website"), SourceURL: model.Ptr("https://www.un.org/"),
			Filename: "report.pdf", Content: []byte("%PDF")}
	}, func(in any) model.Problems {
		_, p := in.(*model.NationalReportInput).Apply(model.NationalReport{}, true)
		return p
	}, nil},
	{"ClaimInput", func() any {
		return &model.ClaimInput{Date: "2004-11-02", Source: "A public copy of the matrix", SourceURL: "https://www.example.org/matrix.pdf"}
	}, func(in any) model.Problems {
		_, p := in.(*model.ClaimInput).Validate(model.MustDate("2027-01-01"), "the report's date", model.Floor1540)
		return p
	}, nil},
	{"ResolutionInput", func() any {
		return &model.ResolutionInput{Date: "2004-10-28", Reason: "the report itself bears this date", Version: 2}
	},
		func(in any) model.Problems {
			f := model.Fact{Claims: []model.Claim{{Entry: model.EntryClaim, Value: model.MustDate("2004-10-28")}, {Entry: model.EntryClaim, Value: model.MustDate("2004-11-02")}}}
			_, _, p := in.(*model.ResolutionInput).Validate(f)
			return p
		}, nil},
	// Notifications (issue 10).
	{"FollowInput", func() any { return &model.FollowInput{Kind: "state", Target: "HRV"} },
		func(in any) model.Problems { _, p := in.(*model.FollowInput).Validate(); return p }, nil},
	{"NotificationSettingsInput", func() any {
		return &model.NotificationSettingsInput{Deliveries: map[string]string{"nap.published": "digest"}}
	}, func(in any) model.Problems { _, p := in.(*model.NotificationSettingsInput).Validate(); return p }, nil},
	{"Notice", func() any {
		return &model.Notice{Kind: model.NoticeNAPPublished, Record: model.RecordRef{Kind: "nap", ID: "12"}, Title: "Croatia published its plan",
			URL: "/naps/12", Body: "b", To: model.Recipients{Followers: []model.FollowTarget{{Kind: model.FollowNAP, Target: "12"}}},
			Attachments: []model.Attachment{{Name: "invitation.ics", ContentType: "text/calendar; method=REQUEST"}}}
	}, func(in any) model.Problems { return in.(*model.Notice).Validate() }, nil},
	{"TranslationInput", func() any {
		return &model.TranslationInput{Fields: map[string]string{"title": "Titre", "body": "Texte"}}
	}, func(in any) model.Problems {
		k, _ := model.TranslationKindOf("practice")
		_, err := in.(*model.TranslationInput).Validate(k, "fr", "en")
		p, _ := model.AsProblems(err)
		return p
	}, nil},
}

// slot is one string somewhere in an input, with a way to set it.
type slot struct {
	path string
	set  func(string)
}

// slots lists every string of v (fields, pointed-to strings, slice
// elements, map values, recursively), in a stable order.
func slots(v reflect.Value, path string) []slot {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return nil
		}
		return slots(v.Elem(), path)
	case reflect.String:
		return []slot{{path, func(s string) { v.SetString(s) }}}
	case reflect.Struct:
		var out []slot
		for i := range v.NumField() {
			f := v.Type().Field(i)
			if f.IsExported() {
				out = append(out, slots(v.Field(i), strings.TrimPrefix(path+"."+f.Name, "."))...)
			}
		}
		return out
	case reflect.Slice:
		var out []slot
		for i := range v.Len() {
			out = append(out, slots(v.Index(i), fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case reflect.Map:
		var out []slot
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			if v.Type().Elem().Kind() == reflect.String {
				out = append(out, slot{path + "[" + k.String() + "]", func(s string) { v.SetMapIndex(k, reflect.ValueOf(s)) }})
			}
		}
		return out
	}
	return nil
}

// TestEveryTextFollowsTheRules: in every input of the model, every
// string — titles, names, descriptions, codes, dates, list entries, map
// values — refuses a NUL, a right-to-left override and bytes that are not
// UTF-8 (with a problem, so the service writes nothing).
func TestEveryTextFollowsTheRules(t *testing.T) {
	hostile := []string{"x\x00y", "invoice\u202efdp.exe", "bad\xff"}
	for _, tc := range inputCases {
		if p := tc.validate(tc.valid()); len(p) > 0 {
			t.Fatalf("%s: the valid input is refused: %v", tc.name, p)
		}
		n := len(slots(reflect.ValueOf(tc.valid()), ""))
		if n == 0 {
			t.Fatalf("%s: no strings found", tc.name)
		}
		for i := range n {
			for _, bad := range hostile {
				in := tc.valid()
				s := slots(reflect.ValueOf(in), "")[i]
				if _, skip := tc.notStored[strings.SplitN(s.path, "[", 2)[0]]; skip {
					continue
				}
				s.set(bad)
				if p := tc.validate(in); len(p) == 0 {
					t.Errorf("%s.%s = %q is accepted", tc.name, s.path, bad)
				}
			}
		}
	}
}

// TestEveryInputIsListed: every type of the model with a Validate or
// Apply method (an input) is in inputCases, or is named here as checked
// through another, so a new input cannot miss the text rules' test. The
// model's source is read, not a list kept by hand.
func TestEveryInputIsListed(t *testing.T) {
	listed := map[string]bool{}
	for _, tc := range inputCases {
		listed[strings.Fields(tc.name)[0]] = true
	}
	// Checked through another: parts of an input, validated with it.
	for _, part := range []string{"PartnerInput", "RelatedInput", "ContactInput", "PersonInput", "QuotaInput", "NeedInput", "RequestContact"} {
		listed[part] = true
	}
	listed["BulkConfirmInput"] = true // numbers only (delegates and versions): no text to check
	fset := token.NewFileSet()
	names, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			fn, ok := d.(*ast.FuncDecl)
			if !ok || fn.Recv == nil || (fn.Name.Name != "Validate" && fn.Name.Name != "Apply") {
				continue
			}
			typ := fn.Recv.List[0].Type
			if st, ok := typ.(*ast.StarExpr); ok {
				typ = st.X
			}
			name := typ.(*ast.Ident).Name
			found++
			if !listed[name] {
				t.Errorf("%s has a %s method but is not in inputCases", name, fn.Name.Name)
			}
		}
	}
	if found < 10 {
		t.Fatalf("only %d inputs found: the source was not read", found)
	}
}
