package api

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"time"

	"napx/internal/httpx"
	"napx/internal/model"
	"napx/internal/refdata"
	"napx/internal/service"
)

// The OpenAPI schemas are generated from the Go wire types by reflection
// (issue 9.11), so the document cannot drift from what the API sends:
//
//   - a field is named by its json tag; a field without omitempty is
//     required; a pointer without omitempty may be null;
//   - `doc:"..."` describes a field; `enum:"Name"` takes its values from a
//     list of the model (enumLists), never from a copy; a field whose Go
//     type is one of the model's enumerated types (model.NAPStatus, ...)
//     gets that type's list without a tag;
//   - wireTypes names the component schemas; a struct found there is a
//     $ref, any other struct is inlined.

// wireTypes are the component schemas by name: the types the API encodes
// and decodes.
var wireTypes = map[string]reflect.Type{
	"Error":               reflect.TypeFor[errorBody](),
	"Message":             reflect.TypeFor[model.Message](),
	"GroupDashboard":      reflect.TypeFor[dashboardJSON](),
	"StateProfile":        reflect.TypeFor[profileJSON](),
	"State":               reflect.TypeFor[stateJSON](),
	"LanguageInput":       reflect.TypeFor[languageIn](),
	"Translation":         reflect.TypeFor[translationJSON](),
	"TranslationInput":    reflect.TypeFor[translationIn](),
	"RecordLanguages":     reflect.TypeFor[recordLanguagesJSON](),
	"RecordLanguageInput": reflect.TypeFor[recordLanguageIn](),
	"Names":               reflect.TypeFor[namesJSON](),
	"Group":               reflect.TypeFor[groupJSON](),
	"Organization":        reflect.TypeFor[orgJSON](),
	"Me":                  reflect.TypeFor[meJSON](),
	"PointOfContact":      reflect.TypeFor[contactJSON](),
	"PointOfContactInput": reflect.TypeFor[contactIn](),
	"AuditEntry":          reflect.TypeFor[auditJSON](),
	"NAP":                 reflect.TypeFor[planJSON](),
	"NAPInput":            reflect.TypeFor[planIn](),
	"NAPAction":           reflect.TypeFor[actionJSON](),
	"NAPActionInput":      reflect.TypeFor[actionIn](),
	"NAPAdoption":         reflect.TypeFor[model.NAPAdoption](),
	"NAPSubmission":       reflect.TypeFor[submissionJSON](),
	"NAPDiff":             reflect.TypeFor[model.NAPDiff](),
	"StateOfPlay":         reflect.TypeFor[playJSON](),
	"Matrix":              reflect.TypeFor[matrixJSON](),
	"MatrixCell":          reflect.TypeFor[cellJSON](),
	"MatrixCellInput":     reflect.TypeFor[cellIn](),
	"MatrixCellChange":    reflect.TypeFor[matrixChangeJSON](),
	"MatrixEdition":       reflect.TypeFor[editionJSON](),
	"MatrixElement":       reflect.TypeFor[matrixElementJSON](),
	"MatrixElements":      reflect.TypeFor[matrixElementsJSON](),
	"MatrixComment":       reflect.TypeFor[commentJSON](),
	"MatrixCommentInput":  reflect.TypeFor[commentIn](),
	"MatrixReviewInput":   reflect.TypeFor[reviewIn](),
	"MatrixReview":        reflect.TypeFor[reviewJSON](),
	"MatrixProposeInput":  reflect.TypeFor[proposeIn](),
	"MatrixCounts":        reflect.TypeFor[countsJSON](),
	"MatrixCoverage":      reflect.TypeFor[coverageJSON](),
	"MatrixGap":           reflect.TypeFor[gapJSON](),
	"MatrixDiff":          reflect.TypeFor[diffJSON](),
	"EventSummary":        reflect.TypeFor[eventSummaryJSON](),
	"Event":               reflect.TypeFor[eventJSON](),
	"EventInput":          reflect.TypeFor[model.EventInput](),
	"Quotas":              reflect.TypeFor[quotasJSON](),
	"QuotaInput":          reflect.TypeFor[model.QuotaInput](),
	"Participant":         reflect.TypeFor[participantJSON](),
	"NominationInput":     reflect.TypeFor[model.NominationInput](),
	"ParticipantPatch":    reflect.TypeFor[model.ParticipantPatch](),

	// Workshop logistics (issue 18, item 9).
	"NominationFields":      reflect.TypeFor[nominationFieldsJSON](),
	"NominationFieldsInput": reflect.TypeFor[model.NominationFieldsInput](),
	"NominationDetails":     reflect.TypeFor[model.NominationDetails](),
	"BulkConfirmInput":      reflect.TypeFor[model.BulkConfirmInput](),
	"ParticipantList":       reflect.TypeFor[participantsJSON](),

	"FollowUp":            reflect.TypeFor[model.FollowUp](),
	"FollowUpInput":       reflect.TypeFor[model.FollowUpInput](),
	"Practice":            reflect.TypeFor[practiceJSON](),
	"PracticeInput":       reflect.TypeFor[model.PracticeInput](),
	"PracticeReturn":      reflect.TypeFor[model.PracticeReturn](),
	"SearchResult":        reflect.TypeFor[searchJSON](),
	"PracticeFile":        reflect.TypeFor[attachmentJSON](),
	"PracticeFileInput":   reflect.TypeFor[practiceFileIn](),
	"StepDate":            reflect.TypeFor[stepIn](),
	"NAPShareInput":       reflect.TypeFor[shareIn](),
	"NationalReport":      reflect.TypeFor[reportJSON](),
	"NationalReportInput": reflect.TypeFor[reportIn](),
	"Dating":              reflect.TypeFor[datingJSON](),
	"Fact":                reflect.TypeFor[factJSON](),
	"ClaimInput":          reflect.TypeFor[claimIn](),
	"ResolutionInput":     reflect.TypeFor[resolutionIn](),
	"Session":             reflect.TypeFor[model.Session](),
	"SessionInput":        reflect.TypeFor[model.SessionInput](),
	"Material":            reflect.TypeFor[materialJSON](),
	"MaterialInput":       reflect.TypeFor[materialIn](),
	"Lesson":              reflect.TypeFor[model.Lesson](),
	"LessonInput":         reflect.TypeFor[model.LessonInput](),
	"CalendarFeed":        reflect.TypeFor[feedJSON](),
	"Account":             reflect.TypeFor[accountJSON](),
	"AccountInput":        reflect.TypeFor[accountIn](),
	"AccountDisable":      reflect.TypeFor[disableIn](),
	"AccountInvite":       reflect.TypeFor[inviteIn](),
	"AccountSession":      reflect.TypeFor[sessionJSON](),
	"APIToken":            reflect.TypeFor[tokenJSON](),
	"ImportToken":         reflect.TypeFor[tokenIn](),
	"NAPImportPreview":    reflect.TypeFor[napImportJSON](),
	"MatrixImportPreview": reflect.TypeFor[matrixImportJSON](),
	// Notifications (issue 10).
	"Notification":              reflect.TypeFor[notificationJSON](),
	"NotificationList":          reflect.TypeFor[notificationListJSON](),
	"NotificationsRead":         reflect.TypeFor[readAllJSON](),
	"NotificationSetting":       reflect.TypeFor[settingJSON](),
	"NotificationSettingsInput": reflect.TypeFor[settingsIn](),
	"Follow":                    reflect.TypeFor[followJSON](),
	"FollowInput":               reflect.TypeFor[model.FollowInput](),
	// Assistance (issue 11).
	"AssistanceRequest":      reflect.TypeFor[assistanceRequestJSON](),
	"AssistanceRequestInput": reflect.TypeFor[requestIn](),
	"AssistanceNeed":         reflect.TypeFor[needJSON](),
	"Acknowledgement":        reflect.TypeFor[model.Acknowledgement](),
	"Matches":                reflect.TypeFor[matchesJSON](),
	"OfferInput":             reflect.TypeFor[model.OfferInput](),
	"Offer":                  reflect.TypeFor[offerJSON](),
	"MatchInput":             reflect.TypeFor[model.MatchInput](),
	"DeliveryInput":          reflect.TypeFor[model.DeliveryInput](),
	"Delivery":               reflect.TypeFor[deliveryJSON](),
	"FeedbackInput":          reflect.TypeFor[model.FeedbackInput](),
	"Feedback":               reflect.TypeFor[feedbackJSON](),
	"Programme":              reflect.TypeFor[programmeJSON](),
	"ProgrammeInput":         reflect.TypeFor[programmeIn](),
	"AssistanceCodes":        reflect.TypeFor[codeListsJSON](),
	"OpenNeeds":              reflect.TypeFor[openNeedsJSON](),
	// Figures (issue 20).
	"Figures":       reflect.TypeFor[figuresJSON](),
	"FigureRecords": reflect.TypeFor[figureRecordsJSON](),
	"Task":          reflect.TypeFor[taskJSON](),
	"Tasks":         reflect.TypeFor[tasksJSON](),
}

func strs[T ~string](xs []T) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(x)
	}
	return out
}

// inputTypes are the wire types clients send.
var inputTypes = map[string]bool{
	"PointOfContactInput": true, "NAPInput": true, "NAPActionInput": true, "NAPAdoption": true, "MatrixCellInput": true,
	"MatrixCommentInput": true, "MatrixReviewInput": true, "MatrixProposeInput": true, "EventInput": true, "QuotaInput": true,
	"StepDate": true, "NAPShareInput": true, "NationalReportInput": true, "ClaimInput": true, "ResolutionInput": true,
	"PracticeFileInput": true,
	"SessionInput":      true, "MaterialInput": true, "LessonInput": true, "AccountInput": true, "AccountDisable": true, "AccountInvite": true, "ImportToken": true,
	"NominationInput": true, "ParticipantPatch": true, "FollowUpInput": true, "NotificationSettingsInput": true, "FollowInput": true,
	"AssistanceRequestInput": true, "Acknowledgement": true, "OfferInput": true, "MatchInput": true, "DeliveryInput": true, "FeedbackInput": true,
	"ProgrammeInput": true,
	"PracticeInput":  true, "PracticeReturn": true,

	"NominationFieldsInput": true, "BulkConfirmInput": true, "NominationDetails": true,
}

// enumLists are the enumerations an `enum` tag may name: each is the
// model's (or the service's) own list.
var enumLists = map[string][]string{
	"NAPStatuses":         strs(model.NAPStatuses),
	"NAPTypes":            model.NAPTypes,
	"Visibilities":        strs(model.Visibilities),
	"ActionStatuses":      strs(model.ActionStatuses),
	"ActionPriorities":    append([]string{""}, model.ActionPriorities...),
	"ElementLevels":       service.ElementLevels,
	"DiffKinds":           model.DiffKinds,
	"DiffMatches":         model.DiffMatches,
	"DiffOps":             model.DiffOps,
	"EditionStatuses":     strs(model.EditionStatuses),
	"CellValues":          cellValues(),
	"EventKinds":          strs(model.EventKinds),
	"Audiences":           strs(model.Audiences),
	"MaterialKinds":       strs(model.MaterialKinds),
	"ParticipantStatuses": strs(model.ParticipantStatuses),
	"PartnerRoles":        strs(model.PartnerRoles),
	"FollowUpStatuses":    strs(model.FollowUpStatuses),
	"Roles":               strs(model.Roles),
	"AuthMethods":         model.AuthMethods,
	"OrgKinds":            strs(model.OrgKinds),
	"MemberRoles":         refdata.MemberRoles,
	"StateStatuses":       refdata.StateStatuses,
	"NameKinds":           refdata.NameKinds,
	"Relations":           strs(model.Relations),
	"PracticeKinds":       strs(model.PracticeKinds),
	"PracticeStatuses":    strs(model.PracticeStatuses),
	"NAPPhasesOrNone":     append([]string{""}, strs(model.NAPPhases)...),
	"SearchKinds":         strs(model.SearchKinds),
	"ReportTypes":         strs(model.ReportTypes),
	"ReportLanguages":     model.ReportLanguages,
	"FactKinds":           model.FactKinds,
	"FactNames":           model.FactNames,
	"ClaimEntries":        {model.EntryClaim, model.EntryResolution},
	"NoticeKinds":         model.NoticeKindNames(),
	"Deliveries":          strs(model.Deliveries),
	"FollowKinds":         strs(model.FollowKinds),
	"RequestStatuses":     strs(model.RequestStatuses),
	"NeedOutcomes":        strs(model.NeedOutcomes),
	"ProgrammeStatuses":   strs(model.ProgrammeStatuses),
	"FeedbackSides":       strs(model.FeedbackSides),
	"Modalities":          refdata.MustLoadAssistance().ModalityIDs(),
	"Areas":               refdata.MustLoadAssistance().AreaIDs(),

	// Workshop logistics (issue 18, item 9).
	"Genders":             strs(model.Genders),
	"NominationFieldList": strs(model.NominationFieldList),
}

// typeEnums: the model's enumerated types, whose fields need no tag.
var typeEnums = map[reflect.Type]string{
	reflect.TypeFor[model.NAPStatus]():         "NAPStatuses",
	reflect.TypeFor[model.Visibility]():        "Visibilities",
	reflect.TypeFor[model.ActionStatus]():      "ActionStatuses",
	reflect.TypeFor[model.EditionStatus]():     "EditionStatuses",
	reflect.TypeFor[model.EventKind]():         "EventKinds",
	reflect.TypeFor[model.Audience]():          "Audiences",
	reflect.TypeFor[model.MaterialKind]():      "MaterialKinds",
	reflect.TypeFor[model.ParticipantStatus](): "ParticipantStatuses",
	reflect.TypeFor[model.PartnerRole]():       "PartnerRoles",
	reflect.TypeFor[model.FollowUpStatus]():    "FollowUpStatuses",
	reflect.TypeFor[model.Role]():              "Roles",
	reflect.TypeFor[model.Relation]():          "Relations",
	reflect.TypeFor[model.PracticeKind]():      "PracticeKinds",
	reflect.TypeFor[model.PracticeStatus]():    "PracticeStatuses",
	reflect.TypeFor[model.SearchKind]():        "SearchKinds",
	reflect.TypeFor[model.ReportType]():        "ReportTypes",
	reflect.TypeFor[model.NoticeKind]():        "NoticeKinds",
	reflect.TypeFor[model.Delivery]():          "Deliveries",
	reflect.TypeFor[model.FollowKind]():        "FollowKinds",
	reflect.TypeFor[model.RequestStatus]():     "RequestStatuses",
	reflect.TypeFor[model.ProgrammeStatus]():   "ProgrammeStatuses",
	reflect.TypeFor[model.FeedbackSide]():      "FeedbackSides",

	// Workshop logistics (issue 18, item 9).
	reflect.TypeFor[model.Gender]():          "Genders",
	reflect.TypeFor[model.NominationField](): "NominationFieldList",
}

// looseNumber is a field that takes a number or its text.
var looseNumber = reflect.TypeFor[looseString]()

// schemas reflects every wire type into the components of the document.
func schemas() map[string]httpx.Schema {
	names := map[reflect.Type]string{}
	for n, t := range wireTypes {
		names[t] = n
	}
	out := map[string]httpx.Schema{}
	for n, t := range wireTypes {
		s := reflectStruct(t, names, true)
		if inputTypes[n] {
			// What a client sends: every field may be left out (the service
			// names a missing one in a 422).
			delete(s, "required")
		}
		out[n] = s
	}
	return out
}

// schemaOf is the schema of a value of type t: a $ref for a named wire
// type, else inlined.
func schemaOf(t reflect.Type, names map[reflect.Type]string) httpx.Schema {
	if n, ok := names[t]; ok {
		return ref(n)
	}
	if e, ok := typeEnums[t]; ok {
		return httpx.Schema{"type": "string", "enum": enumLists[e]}
	}
	switch t {
	case reflect.TypeFor[time.Time]():
		return httpx.Schema{"type": "string", "format": "date-time"}
	case reflect.TypeFor[model.Date]():
		return httpx.Schema{"type": []string{"string", "null"}, "format": "date", "description": "YYYY-MM-DD, or null for no date"}
	case looseNumber:
		return httpx.Schema{"type": []string{"integer", "string", "null"}, "description": "a number, or its text"}
	}
	switch t.Kind() {
	case reflect.Pointer:
		inner := schemaOf(t.Elem(), names)
		return httpx.Schema{"oneOf": []httpx.Schema{inner, {"type": "null"}}}
	case reflect.String:
		return httpx.Schema{"type": "string"}
	case reflect.Bool:
		return httpx.Schema{"type": "boolean"}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64, reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return httpx.Schema{"type": "integer"}
	case reflect.Float32, reflect.Float64:
		return httpx.Schema{"type": "number"}
	case reflect.Slice, reflect.Array:
		return httpx.Schema{"type": "array", "items": schemaOf(t.Elem(), names)}
	case reflect.Map:
		return httpx.Schema{"type": "object", "additionalProperties": schemaOf(t.Elem(), names)}
	case reflect.Struct:
		return reflectStruct(t, names, false)
	case reflect.Interface:
		return httpx.Schema{}
	}
	panic(fmt.Sprintf("api: no schema for %s", t))
}

// reflectStruct is the object schema of a struct type (top: t itself is
// the component being defined, so it is not a $ref to itself).
func reflectStruct(t reflect.Type, names map[reflect.Type]string, top bool) httpx.Schema {
	if !top {
		if n, ok := names[t]; ok {
			return ref(n)
		}
	}
	props := httpx.Schema{}
	var required []string
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			name, opts, _ := strings.Cut(tag, ",")
			if f.Anonymous && name == "" && tag != "-" {
				// Embedded: its fields are promoted, exported type or not.
				ft := f.Type
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if ft.Kind() == reflect.Struct {
					walk(ft)
					continue
				}
			}
			if tag == "-" || !f.IsExported() {
				continue
			}
			if name == "" {
				name = f.Name
			}
			omit := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
			s := fieldSchema(f, names, omit)
			if d := f.Tag.Get("doc"); d != "" {
				s = withDescription(s, d)
			}
			props[name] = s
			if !omit {
				required = append(required, name)
			}
		}
	}
	walk(t)
	sort.Strings(required)
	s := httpx.Schema{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

func fieldSchema(f reflect.StructField, names map[reflect.Type]string, omit bool) httpx.Schema {
	t := f.Type
	if e := f.Tag.Get("enum"); e != "" {
		vals, ok := enumLists[e]
		if !ok {
			panic(fmt.Sprintf("api: %s: enum %q is not in enumLists", f.Name, e))
		}
		item := httpx.Schema{"type": "string", "enum": vals}
		switch {
		case t.Kind() == reflect.Slice:
			return httpx.Schema{"type": "array", "items": item}
		case t.Kind() == reflect.Pointer:
			return httpx.Schema{"oneOf": []httpx.Schema{item, {"type": "null"}}}
		}
		return item
	}
	if t.Kind() == reflect.Pointer && omit {
		// Left out when nil: the value, when present, is never null.
		return schemaOf(t.Elem(), names)
	}
	if (t.Kind() == reflect.Slice || t.Kind() == reflect.Map) && !omit && t != reflect.TypeFor[json.RawMessage]() {
		// A nil slice or map encodes as null.
		return httpx.Schema{"oneOf": []httpx.Schema{schemaOf(t, names), {"type": "null"}}}
	}
	return schemaOf(t, names)
}

func withDescription(s httpx.Schema, d string) httpx.Schema {
	if _, isRef := s["$ref"]; isRef {
		return httpx.Schema{"allOf": []httpx.Schema{s}, "description": d}
	}
	out := httpx.Schema{}
	for k, v := range s {
		out[k] = v
	}
	out["description"] = d
	return out
}

// cellValues are the model's cell statuses but the empty one (sent as
// null).
func cellValues() []string {
	var out []string
	for _, s := range model.CellStatuses {
		if s != model.CellNone {
			out = append(out, string(s))
		}
	}
	return out
}
