"""Every sentence the product writes about its own rules, by message identifier (SPEC §10).

The domain and the services say ``Message("workflow.close_not_active", status=Term(...))``;
the sentence lives here, in English, marked for translation, and is written in the reader's
language by ``render.py``. One identifier, one sentence: a test fails when a message used by
the code has no sentence here, when a sentence has no translation, or when a translation
drops one of its values.
"""

from __future__ import annotations

from .markers import N_, NP_, Plural

MESSAGES: dict[str, str | Plural] = {
    # --- any field ------------------------------------------------------------------------
    "field.required": N_("Fill in the %(field)s."),
    "field.not_text": N_("The %(field)s must be text."),
    "field.control_characters": N_(
        "The %(field)s contains control characters (such as NUL); remove them."
    ),
    "field.unpaired_surrogate": N_(
        "The %(field)s contains an invalid character (a lone UTF-16 surrogate); remove it."
    ),
    "field.too_long": NP_(
        "The %(field)s is %(length)s characters long; at most %(limit)s character is allowed.",
        "The %(field)s is %(length)s characters long; at most %(limit)s characters are allowed.",
        "limit",
    ),
    "field.too_short": NP_(
        "The %(field)s must be at least %(limit)s character long.",
        "The %(field)s must be at least %(limit)s characters long.",
        "limit",
    ),
    "field.choice": N_("The %(field)s must be %(allowed)s."),
    "field.email": N_("The %(field)s is not a valid email address: %(reason)s"),
    "field.whole_number": N_("The %(field)s must be a positive whole number."),
    "field.number": N_("The %(field)s must be a number."),
    "field.boolean": N_("The %(field)s must be true or false."),
    "field.date": N_("The %(field)s must be a date (YYYY-MM-DD)."),
    "field.date_range": N_("The %(field)s must be between %(first)s and %(last)s."),
    "field.date_in_past": N_("The %(field)s must be today or later: %(date)s has passed."),
    "field.unknown": N_("%(field)s is not a field of this request; remove it."),
    "field.not_an_object": N_("The %(field)s must be an object of names and values."),
    "field.invalid": N_("The %(field)s is not valid: %(reason)s"),
    "field.max_length": NP_(
        "The %(field)s is longer than %(limit)s character.",
        "The %(field)s is longer than %(limit)s characters.",
        "limit",
    ),
    "field.range": N_("The %(field)s must be from %(low)s to %(high)s."),
    "field.end_before_start": N_("The planned end must not be before the planned start."),
    "field.not_a_goal_of_phase": N_("The %(field)s is not a current goal of this phase."),
    # --- requests -------------------------------------------------------------------------
    "request.malformed_json": N_("The request body is not valid JSON."),
    "request.too_deep": N_("The request body is nested too deeply (at most %(limit)s levels)."),
    "request.json_expected": N_(
        "Send the body as JSON, with the header Content-Type: application/json."
    ),
    "request.not_an_object": N_("The request body must be a JSON object."),
    "request.too_large": N_("The request body is too large (at most %(limit)s MB)."),
    "request.method_not_allowed": N_("%(method)s is not allowed here."),
    "request.not_found": N_(
        "Nothing here, or you are not a member of the partnership it belongs to."
    ),
    "request.unauthorized": N_("Send an API token as 'Authorization: Bearer <token>'."),
    "request.bad_token": N_("This token is not valid or has been revoked."),
    "request.too_many": N_("Too many attempts. Wait a minute and try again."),
    "request.conflict_race": N_(
        "This conflicts with a change made at the same moment; reload and try again."
    ),
    "request.internal": N_(
        "Something went wrong on our side. Nothing you sent was lost: try again."
    ),
    "request.bad_request": N_("The request was not understood."),
    # --- who may do what (SPEC §3) --------------------------------------------------------
    "policy.edit_partnership": N_("Only a lead may edit the partnership."),
    "policy.plan_phases": N_("Only a lead may plan phases."),
    "policy.start_phase": N_("Only the client lead may start a phase."),
    "policy.close_phase": N_("Only a lead may close a phase for review."),
    "policy.manage_goals": N_("Only the client lead may add, edit or remove goals."),
    "policy.send_directive": N_("Only the client side may send directives."),
    "policy.answer_directive": N_("Only the vendor side may answer directives."),
    "policy.log_commitment": N_("Only the vendor side may log commitments and their events."),
    "policy.submit_review": N_("Only a lead may submit their side's review."),
    "policy.manage_own_side": N_("Only a lead may add or remove members of their side."),
    "policy.add_other_side_first_lead": N_(
        "You may add the other side's first lead only while it has none."
    ),
    "policy.view_audit": N_("Only leads may read the audit trail."),
    "policy.default": N_("You may not do this in this partnership."),
    # --- the phase workflow (SPEC §2) -----------------------------------------------------
    "workflow.not_in_status": N_(
        "You cannot %(action)s while the phase is %(status)s; that is possible while it is "
        "%(allowed)s."
    ),
    "workflow.start_not_planned": N_("Only a planned phase can start; this one is %(status)s."),
    "workflow.start_other_open": N_(
        "%(phase)s is still %(status)s; a partnership runs one phase at a time."
    ),
    "workflow.start_earlier_undecided": N_(
        "%(phase)s comes first and has not been decided; start it, or move this phase before it."
    ),
    "workflow.close_not_active": N_(
        "Only an active phase can be closed for review; this one is %(status)s."
    ),
    "workflow.plan_decided": N_("This phase is %(status)s; its plan is part of the record now."),
    "workflow.move_at_end": N_("The phase is already at that end of the plan."),
    "workflow.move_not_planned": N_("Only planned phases can be reordered, among themselves."),
    "workflow.review_not_in_review": N_(
        "Reviews are submitted once the phase is closed for review; this one is %(status)s."
    ),
    "workflow.review_twice": N_(
        "The %(side)s side has already submitted its review; a review cannot be changed."
    ),
    "workflow.commitment_closed": N_(
        "This commitment is already %(status)s; log progress or a risk to add a note."
    ),
    "workflow.event_field_of_other_type": N_(
        "The %(field)s belongs to a %(only)s event only, not to %(kind)s."
    ),
    "workflow.slip_needs_date": N_("A slip needs the new due date."),
    "workflow.slip_not_later": N_(
        "A slip moves the due date later: %(date)s is not after the date in force, "
        "%(current)s. To bring a date forward, log progress, or drop and recommit."
    ),
    "workflow.event_needs.progress": N_("Say what progressed."),
    "workflow.event_needs.risk": N_("Describe the risk or limitation."),
    "workflow.event_needs.slip": N_("Give the reason for the slip."),
    "workflow.event_needs.delivered": N_("Give evidence of the delivery: a note or a link."),
    "workflow.event_needs.dropped": N_("Give the reason for dropping it."),
    "workflow.response_needs_note": N_("Say why, or what changes in the plan, in the note."),
    "workflow.answered_twice": N_("This directive has already been answered."),
    "workflow.goal_removed": N_("This goal was removed; add a new goal instead."),
    "workflow.goal_removed_twice": N_("This goal was already removed."),
    # --- reviews --------------------------------------------------------------------------
    "review.ratings_not_a_map": N_("Give the ratings as each criterion with a rating from 1 to 5."),
    "review.unknown_criterion": N_(
        "%(criterion)s is not a criterion of the %(side)s's review; rate %(expected)s."
    ),
    "review.rating_missing": N_("Rate the %(criterion)s from 1 to 5."),
    "review.rating_range": N_("The rating of %(criterion)s must be a whole number from 1 to 5."),
    "review.conditions_needed": N_("Say which conditions the go depends on."),
    "review.outcomes_client_only": N_("Only the client marks the goals' outcomes."),
    "review.outcome_unknown_goal": N_("Goal %(goal)s is not a current goal of this phase."),
    "review.outcome_missing": N_("Say whether the goal %(goal)s was met, partly met or missed."),
    # --- accounts -------------------------------------------------------------------------
    "account.email_taken": N_("An account with this email already exists."),
    "account.email_imported": N_(
        "An account with this email was created when a partnership was imported. Ask a lead "
        "of that partnership for a set-password link."
    ),
    "account.password_wrong": N_("The current password is not right."),
    "account.login_failed": N_("The email or password is not right."),
    "account.can_log_in": N_("This person can already log in."),
    "account.link_not_lead": N_("Only a lead of their partnership can make this link."),
    "account.link_other_partnership": N_(
        "%(name)s is also a member of a partnership you do not lead, so you cannot set their "
        "password. Ask a lead of that partnership to make the link."
    ),
    "account.link_expired": N_("This link is not valid any more. Ask a lead for a new one."),
    "account.no_such_token": N_("No such token."),
    # --- partnerships and members ---------------------------------------------------------
    "member.other_side_lead_only": N_(
        "You may add only the other side's first lead; their lead adds the rest."
    ),
    "member.no_account": N_(
        "No account has this email. Ask them to register first, then add them."
    ),
    "member.already": N_("%(name)s is already a member of this partnership."),
    "member.no_such": N_("No such member in this partnership."),
    "member.own_side_only": N_("You may remove members of your own side only."),
    "member.last_lead": N_("This is the side's only lead; add another lead before removing them."),
    # --- how a client statement reads (SPEC §4): reasons and suggestions -------------
    "reason.tech_choice": N_("names a technology with no reason from your context: %(quotes)s"),
    "reason.tech_named": N_("tells the vendor which product to build with: %(quotes)s"),
    "reason.tech_swap": N_("asks to swap one technology for another: %(quotes)s"),
    "reason.architecture": N_("dictates an architecture or design pattern: %(quotes)s"),
    "reason.tools": N_("chooses the tools the vendor works with: %(quotes)s"),
    "reason.staffing": N_("decides who on the vendor's team does what: %(quotes)s"),
    "reason.pairing": N_("decides who on the vendor's team works together: %(quotes)s"),
    "reason.working_hours": N_("sets the vendor team's working hours or meetings: %(quotes)s"),
    "reason.reporting": N_("sets a reporting frequency: %(quotes)s"),
    "reason.supervision": N_("supervises the vendor's people directly: %(quotes)s"),
    "reason.task_order": N_("dictates the order of the vendor's tasks: %(quotes)s"),
    "reason.steps": N_("dictates the vendor's way of working, step by step: %(quotes)s"),
    "reason.client_review": N_("puts you in charge of reviewing the vendor's own work: %(quotes)s"),
    "reason.code_structure": N_(
        "dictates how the code is structured or where it lives: %(quotes)s"
    ),
    "reason.naming": N_("sets a naming convention for the vendor's code: %(quotes)s"),
    "reason.method": N_("dictates the vendor's engineering or testing method: %(quotes)s"),
    "reason.taste": N_("gives personal taste as the reason: %(quotes)s"),
    "reason.polite": N_("is politely put, which does not change what it asks: %(quotes)s"),
    "reason.mixed": N_(
        "also states a result or a boundary, but the prescription is what the vendor must cope with"
    ),
    "reason.law": N_("states a compliance rule: %(quotes)s"),
    "reason.accessibility": N_("sets an accessibility standard: %(quotes)s"),
    "reason.security_policy": N_("states a security or IT policy: %(quotes)s"),
    "reason.data_location": N_("says where data may live: %(quotes)s"),
    "reason.approved_hosting": N_("requires hosting or suppliers you have approved: %(quotes)s"),
    "reason.existing_system": N_("requires an existing system of yours: %(quotes)s"),
    "reason.client_context": N_("gives a reason from your own organisation: %(quotes)s"),
    "reason.public_body": N_("follows from your status as a public body: %(quotes)s"),
    "reason.budget": N_("sets a budget cap: %(quotes)s"),
    "reason.deadline": N_("sets a date or deadline: %(quotes)s"),
    "reason.operations": N_("states an operational rule of yours: %(quotes)s"),
    "reason.brand": N_("requires your brand standards: %(quotes)s"),
    "reason.tech_justified": N_("names a technology for a reason from your own world: %(quotes)s"),
    "reason.result": N_("states a result and leaves the means to the vendor"),
    "reason.capability": N_("describes a result or a capability: %(quotes)s"),
    "reason.measure": N_("sets a measurable criterion: %(quotes)s"),
    "reason.open_means": N_("leaves the means to the vendor explicitly: %(quotes)s"),
    "reason.vague": N_("is vague, but vague is not prescriptive: it names no means, only a wish"),
    "reason.empty": N_(
        "nothing was written: there is no means in it, so it is read as an (empty) outcome"
    ),
    "reason.words": N_("the words that decided: %(quotes)s"),
    "reason.truncated": N_("only the first %(limit)s characters were read"),
    # a reading stored before reasons were codes keeps its English words
    "reason.legacy": N_("%(text)s"),
    "suggestion.tech_choice": N_(
        "Say what the technology must achieve for your users or business (speed, cost, who will "
        "run it) and leave the choice to the vendor; if something in your world requires it, such"
        " as an existing system or an IT policy, write that reason instead."
    ),
    "suggestion.architecture": N_(
        "Describe the behaviour you need (how fast, how often, for whom) and leave the "
        "architecture to the vendor."
    ),
    "suggestion.tools": N_(
        "Say what you need to see or follow (e.g. 'I can see the status of every task at any "
        "time') and let the vendor choose its own tools."
    ),
    "suggestion.staffing": N_(
        "Describe the quality or speed you need (e.g. 'defects are fixed within two working "
        "days') and let the vendor staff its own team."
    ),
    "suggestion.working_hours": N_(
        "Say how quickly you need an answer (e.g. 'urgent questions are answered within an hour "
        "during our office hours') instead of setting the team's hours or meetings."
    ),
    "suggestion.reporting": N_(
        "Agree on what you need to know and when (e.g. 'I hear of any risk to the date the day it"
        " is known, and get a short written summary each week')."
    ),
    "suggestion.supervision": N_(
        "Agree on what you need to know and when (e.g. 'a weekly demo of what works'), and leave "
        "the running of the team to the vendor."
    ),
    "suggestion.task_order": N_(
        "Say which result you need first and why (e.g. 'finance can run the monthly reports by 1 "
        "March'), and let the vendor plan the work."
    ),
    "suggestion.steps": N_(
        "Say what you need to approve and by when (e.g. 'our users accept the checkout screens "
        "before launch'), and leave the working method to the vendor."
    ),
    "suggestion.client_review": N_(
        "State the quality you need (e.g. 'no release breaks a feature that worked before') and "
        "let the vendor run its own reviews."
    ),
    "suggestion.code_structure": N_(
        "Describe the behaviour you need (e.g. 'discounts are always applied correctly and the "
        "page answers within a second') and leave the code's structure to the vendor."
    ),
    "suggestion.naming": N_(
        "If your people must read something, say so as a need (e.g. 'our analysts can read every "
        "report in Italian') and leave naming in the code to the vendor."
    ),
    "suggestion.method": N_(
        "State the quality you need (e.g. 'no defect found in testing reaches production') and "
        "leave testing and methods to the vendor."
    ),
    "suggestion.restate": N_(
        "Say what result you need and how you will know it is reached, and leave how to get there"
        " to the vendor."
    ),
    # --- the calendar feed (its events' summaries and descriptions) -----------------------
    "calendar.name": N_("Partnership Tracker: %(name)s"),
    "calendar.no_such_feed": N_(
        "No calendar at this address: it is mistyped, or a newer address replaced it."
    ),
    "calendar.phase": N_("Phase %(phase)s (%(partnership)s)"),
    "calendar.phase_dates": N_("Planned from %(start)s to %(end)s."),
    "calendar.phase_objective": N_("Planned from %(start)s to %(end)s. Objective: %(objective)s"),
    "calendar.commitment_due": N_("Due: %(title)s (%(partnership)s)"),
    "calendar.commitment_delivered": N_("Delivered: %(title)s (%(partnership)s)"),
    "calendar.commitment_dropped": N_("Dropped: %(title)s (%(partnership)s)"),
    "calendar.commitment_phase": N_("A commitment of the phase %(phase)s."),
    "calendar.commitment_moved": NP_(
        "A commitment of the phase %(phase)s, first promised for %(first)s; it slipped "
        "%(count)s time.",
        "A commitment of the phase %(phase)s, first promised for %(first)s; it slipped "
        "%(count)s times.",
        "count",
    ),
    "calendar.review_due_client": N_("Client review due: %(phase)s (%(partnership)s)"),
    "calendar.review_due_vendor": N_("Vendor review due: %(phase)s (%(partnership)s)"),
    "calendar.review_detail": NP_(
        "The phase entered review on %(closed)s; a review still missing %(count)s day later "
        "is late.",
        "The phase entered review on %(closed)s; a review still missing %(count)s days later "
        "is late.",
        "count",
    ),
    # --- the inbox and its emails (SPEC §11) ----------------------------------------------
    "inbox.directive_to_answer": N_("%(person)s sent a directive in %(phase)s: %(text)s"),
    "inbox.directive_answered": N_("%(person)s answered your directive %(text)s: %(response)s"),
    "inbox.slip": N_("%(person)s moved %(title)s to %(date)s"),
    "inbox.delivery": N_("%(person)s delivered %(title)s"),
    "inbox.review_submitted": N_(
        "The %(side)s side submitted its review of %(phase)s: %(decision)s"
    ),
    "inbox.gate_passed": N_("The phase %(phase)s passed the gate"),
    "inbox.gate_stopped": N_("The phase %(phase)s stopped at the gate"),
    "inbox.review_due": N_("Submit your side's review of %(phase)s"),
    "inbox.review_due_detail": N_(
        "Both sides' reviews decide the gate; the client's review also marks each goal met, "
        "partly met or missed."
    ),
    "inbox.review_late": NP_(
        "Your side's review of %(phase)s is still missing, %(days)s day after the close",
        "Your side's review of %(phase)s is still missing, %(days)s days after the close",
        "days",
    ),
    "inbox.commitment_due": N_("%(title)s is due %(date)s"),
    "inbox.commitment_overdue": N_("%(title)s was due %(date)s"),
    "inbox.slip_advice": N_(
        "If it will slip, say so now: a slip told before the due date counts as disclosed."
    ),
    "inbox.goal_outcomes_due": NP_(
        "Mark the outcome of %(count)s goal of %(phase)s",
        "Mark the outcomes of %(count)s goals of %(phase)s",
        "count",
    ),
    "inbox.flag_raised": N_("A new %(severity)s flag in %(phase)s: %(code)s"),
    "inbox.invitation": N_("%(person)s invited you to %(partnership)s"),
    "inbox.note": N_("Their note: %(note)s"),
    "inbox.reason": N_("The reason given: %(reason)s"),
    "inbox.evidence": N_("The evidence: %(evidence)s"),
}
