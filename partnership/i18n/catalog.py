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
    "field.email": N_(
        "The %(field)s is not a valid email address: write it as name@example.com, with one @ "
        "and no spaces."
    ),
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
    "request.too_deep": NP_(
        "The request body is nested too deeply (at most %(limit)s level).",
        "The request body is nested too deeply (at most %(limit)s levels).",
        "limit",
    ),
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
    "policy.manage_webhooks": N_("Only leads may see, add or delete webhooks."),
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
    "workflow.event_after_gate": N_(
        "The phase is %(phase_status)s and this commitment is %(status)s: after the gate, only "
        "a commitment still open takes events."
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
    "goal.title_too_long": NP_(
        "The goal's title is %(length)s characters long; keep it to %(limit)s character and put "
        "the detail in the success criterion.",
        "The goal's title is %(length)s characters long; keep it to %(limit)s characters and put "
        "the detail in the success criterion.",
        "limit",
    ),
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
    "account.email_unconfirmed": N_(
        "Confirm your email address first: open the link we emailed you, then accept."
    ),
    "account.confirm_link_expired": N_(
        "This confirmation link is not valid any more. Log in to have a new one sent."
    ),
    "invitation.no_such": N_("No such invitation waits for you."),
    "import.no_such": N_("No such import of yours."),
    "import.failed": N_(
        "The import stopped on an error of ours; nothing was imported. Try again later."
    ),
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
    "member.last_lead_leaving": N_(
        "You are your side's only lead: make someone else a lead before you leave."
    ),
    "member.invited": N_("This person is invited already: they become a member when they accept."),
    "member.declined": N_("This person declined the invitation to this partnership."),
    "member.email_unconfirmed": N_(
        "This person has not confirmed their email address yet. Ask them to open the link we "
        "emailed them, then add them."
    ),
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
    "inbox.webhook_disabled": NP_(
        "The webhook to %(url)s was switched off: its deliveries failed for %(days)s day",
        "The webhook to %(url)s was switched off: its deliveries failed for %(days)s days",
        "days",
    ),
    "inbox.webhook_disabled_detail": N_(
        "Check the tool that receives it, then send a test event from the partnership's "
        "webhooks page: once a test gets through, the webhook is switched on again."
    ),
    # --- webhooks (SPEC §12) ----------------------------------------------------------------
    "webhook.url_too_long": N_(
        "The %(field)s is too long: use an address of at most 2000 characters."
    ),
    "webhook.url_invalid": N_(
        "The %(field)s is not a web address: write it in full, such as "
        "https://chat.example.com/hooks/tracker."
    ),
    "webhook.url_scheme": N_("The %(field)s must start with https:// (or http://)."),
    "webhook.url_credentials": N_(
        "The %(field)s must not hold a user name or password: the signature of each delivery "
        "proves it comes from here."
    ),
    "webhook.url_unresolved": N_(
        "The %(field)s names %(host)s, which has no address: check its spelling."
    ),
    "webhook.url_private": N_(
        "The %(field)s names %(host)s, which is on a private, loopback or link-local network: "
        "webhooks are sent only to addresses on the internet."
    ),
    "webhook.events_required": N_("Choose at least one event to send."),
    "webhook.too_many": N_(
        "A partnership has at most %(limit)s webhooks: delete one before adding another."
    ),
    # --- numbers of things, inside a sentence ----------------------------------------------
    "count.directives": NP_("%(count)s directive", "%(count)s directives"),
    "count.goals": NP_("%(count)s goal", "%(count)s goals"),
    "count.commitments": NP_("%(count)s commitment", "%(count)s commitments"),
    "count.days": NP_("%(count)s day", "%(count)s days"),
    "count.more": NP_("%(count)s more", "%(count)s more"),
    # --- flags (SPEC §6): what was seen, against which limit, and what to do ---------------
    "flag.limit": N_("the limit is %(limit)s"),
    "flag.default_limit": N_("the default limit is %(limit)s"),
    "flag.limit_of.per_goal": N_("%(limit)s per goal"),
    "flag.limit_of.per_7_days": N_("%(limit)s in any 7 days"),
    "flag.limit_of.share_once": NP_(
        "%(share)s once a phase has %(minimum)s directive or more",
        "%(share)s once a phase has %(minimum)s directives or more",
        "minimum",
    ),
    "flag.limit_of.goals_or_share": NP_(
        "%(count)s goal or %(share)s", "%(count)s goals or %(share)s"
    ),
    "flag.limit_of.or_less": N_("%(limit)s or less"),
    "flag.limit_of.share_from": NP_(
        "%(share)s, from %(minimum)s commitment",
        "%(share)s, from %(minimum)s commitments",
        "minimum",
    ),
    "flag.limit_of.days": NP_("%(limit)s day", "%(limit)s days", "limit"),
    "flag.excessive_directives.per_goal": N_(
        "%(directives)s for %(goals)s in %(days)s; %(limit)s."
    ),
    "flag.excessive_directives.per_7_days": N_(
        "%(directives)s in the 7 days from %(date)s; %(limit)s."
    ),
    "flag.excessive_directives.both": N_("%(first)s Also %(second)s"),
    "flag.excessive_directives.suggestion": N_(
        "Group requests into the phase's goals and let the vendor propose how; if the work "
        "has really grown, add a goal rather than a stream of directives."
    ),
    "flag.prescriptive_directives": NP_(
        "%(count)s of %(directives)s (%(share)s) tells the vendor how to work; %(limit)s.",
        "%(count)s of %(directives)s (%(share)s) tell the vendor how to work; %(limit)s.",
    ),
    "flag.prescriptive_directives.suggestion": N_(
        "Say what you need and why, and leave the how to the vendor; if a method really is "
        "required by your world (law, policy, an existing system), say so as a constraint."
    ),
    "flag.prescriptive_goal": N_(
        "The goal %(title)s reads as prescriptive: it says how the vendor should work rather "
        "than what is needed and why."
    ),
    "flag.prescriptive_goal.because": N_(
        "The goal %(title)s reads as prescriptive: it says how the vendor should work rather "
        "than what is needed and why (because of: %(reasons)s)."
    ),
    "flag.prescriptive_goal.suggestion": N_(
        "Restate the goal as the result you need and how you will know it is met, and let the "
        "vendor propose the means."
    ),
    "flag.scope_churn": NP_(
        "%(count)s of %(goals)s (%(share)s) changed after the phase started (%(changes)s); "
        "%(limit)s.",
        "%(count)s of %(goals)s (%(share)s) changed after the phase started (%(changes)s); "
        "%(limit)s.",
    ),
    "flag.scope_churn.added": NP_("%(count)s added", "%(count)s added"),
    "flag.scope_churn.edited": NP_("%(count)s edited", "%(count)s edited"),
    "flag.scope_churn.removed": NP_("%(count)s removed", "%(count)s removed"),
    "flag.scope_churn.suggestion": N_(
        "Keep the phase's goals stable once it starts: collect new needs for the next phase, "
        "or re-plan this one with the vendor (date, scope or price) if they cannot wait."
    ),
    "flag.scope_creep_fixed_price": NP_(
        "%(count)s directive that added scope to the fixed price was accepted without "
        "re-planning: %(items)s.",
        "%(count)s directives that added scope to the fixed price were accepted without "
        "re-planning: %(items)s.",
    ),
    "flag.scope_creep_fixed_price.suggestion": N_(
        "Agree a changed plan for added scope (date, price, or something dropped) and record "
        "it as accepted with re-planning, or move the request to a later phase."
    ),
    "flag.out_of_channel": NP_(
        "%(count)s of %(directives)s (%(share)s) bypassed the agreed process (%(channels)s); "
        "%(limit)s.",
        "%(count)s of %(directives)s (%(share)s) bypassed the agreed process (%(channels)s); "
        "%(limit)s.",
    ),
    "flag.out_of_channel.by_chat": NP_("%(count)s by chat", "%(count)s by chat"),
    "flag.out_of_channel.by_call": NP_("%(count)s by call", "%(count)s by call"),
    "flag.out_of_channel.by_direct": NP_(
        "%(count)s by direct contact", "%(count)s by direct contact"
    ),
    "flag.out_of_channel.suggestion": N_(
        "Send requests through the agreed channel (a ticket or the regular meeting) so the "
        "vendor can plan them and both sides keep the same record."
    ),
    "flag.low_autonomy": N_("The vendor's review rates autonomy %(rating)s of 5; %(limit)s."),
    "flag.low_autonomy.suggestion": N_(
        "Ask the vendor which decisions they need back, and agree which choices are theirs to "
        "make in the next phase."
    ),
    "flag.undisclosed_slip": NP_(
        "A slip or drop was recorded only after its due date had passed: %(items)s.",
        "%(count)s slips or drops were recorded only after their due date had passed: %(items)s.",
    ),
    "flag.undisclosed_slip.slipped": NP_(
        "%(title)s slipped on %(date)s, %(days)s day after its due date",
        "%(title)s slipped on %(date)s, %(days)s days after its due date",
        "days",
    ),
    "flag.undisclosed_slip.dropped": NP_(
        "%(title)s was dropped on %(date)s, %(days)s day after its due date",
        "%(title)s was dropped on %(date)s, %(days)s days after its due date",
        "days",
    ),
    "flag.undisclosed_slip.suggestion": N_(
        "Record a slip as soon as you know a date is at risk, before it passes, with the new "
        "date and the reason: a slip told early costs far less trust than one found late."
    ),
    "flag.overcommitment": NP_(
        "%(count)s of %(commitments)s (%(share)s) slipped or was dropped; %(limit)s.",
        "%(count)s of %(commitments)s (%(share)s) slipped or were dropped; %(limit)s.",
    ),
    "flag.overcommitment.suggestion": N_(
        "Commit to less at a time and to dates you can hold; split large promises into smaller "
        "ones with their own dates."
    ),
    "flag.silent_vendor.since_start": NP_(
        "No commitment was logged or updated for %(days)s day, since the phase started; %(limit)s.",
        "No commitment was logged or updated for %(days)s days, since the phase started; "
        "%(limit)s.",
        "days",
    ),
    "flag.silent_vendor.since": NP_(
        "No commitment was logged or updated for %(days)s day, since %(date)s; %(limit)s.",
        "No commitment was logged or updated for %(days)s days, since %(date)s; %(limit)s.",
        "days",
    ),
    "flag.silent_vendor.past": NP_(
        "The phase went %(days)s day without a commitment event, from %(date)s; %(limit)s.",
        "The phase went %(days)s days without a commitment event, from %(date)s; %(limit)s.",
        "days",
    ),
    "flag.silent_vendor.suggestion": N_(
        "Log what you have promised and update it as work moves (progress, risks, slips): "
        "silence leaves the client guessing."
    ),
    "flag.gate_disagreement": N_(
        "At the gate of %(phase)s the client said %(client)s and the vendor said %(vendor)s."
    ),
    "flag.gate_disagreement.suggestion": N_(
        "Meet to compare the two reviews before planning anything further: agree on what each "
        "side saw differently and what a recovery phase would have to prove."
    ),
    "flag.late_review.both": NP_(
        "Both sides' reviews are still missing %(days)s day after %(phase)s entered review on "
        "%(date)s; %(limit)s.",
        "Both sides' reviews are still missing %(days)s days after %(phase)s entered review on "
        "%(date)s; %(limit)s.",
        "days",
    ),
    "flag.late_review.client": NP_(
        "The client's review is still missing %(days)s day after %(phase)s entered review on "
        "%(date)s; %(limit)s.",
        "The client's review is still missing %(days)s days after %(phase)s entered review on "
        "%(date)s; %(limit)s.",
        "days",
    ),
    "flag.late_review.vendor": NP_(
        "The vendor's review is still missing %(days)s day after %(phase)s entered review on "
        "%(date)s; %(limit)s.",
        "The vendor's review is still missing %(days)s days after %(phase)s entered review on "
        "%(date)s; %(limit)s.",
        "days",
    ),
    "flag.late_review.suggestion.both": N_(
        "The client and vendor leads should complete their reviews so the gate can decide; the "
        "phase waits until both are in."
    ),
    "flag.late_review.suggestion.client": N_(
        "The client lead should complete the review so the gate can decide; the phase waits "
        "until both are in."
    ),
    "flag.late_review.suggestion.vendor": N_(
        "The vendor lead should complete the review so the gate can decide; the phase waits "
        "until both are in."
    ),
    # --- flag thresholds: what each one means, and why an override is refused --------------
    "threshold.directives_per_goal": N_(
        "Flag a phase whose directives outnumber its goals by more than this many per goal."
    ),
    "threshold.directives_per_7_days": N_(
        "Flag a phase with more than this many directives in any 7 days."
    ),
    "threshold.prescriptive_directives_min": N_(
        "Judge the share of prescriptive directives only once a phase has at least this many "
        "directives."
    ),
    "threshold.prescriptive_directives_share": N_(
        "Flag a phase when this share of its directives (0 to 1) or more say how to work."
    ),
    "threshold.scope_churn_count": N_(
        "Flag a phase when at least this many goals were added, edited or removed after it started."
    ),
    "threshold.scope_churn_share": N_(
        "Flag a phase when this share of its goals (0 to 1) or more changed after it started."
    ),
    "threshold.out_of_channel_min": N_(
        "Judge the share of out-of-channel directives only once a phase has at least this many "
        "directives."
    ),
    "threshold.out_of_channel_share": N_(
        "Flag a phase when this share of its directives (0 to 1) or more came by chat, call or "
        "direct contact."
    ),
    "threshold.low_autonomy_rating": N_(
        "Flag a vendor review that rates autonomy at this or lower (1 to 5)."
    ),
    "threshold.overcommitment_share": N_(
        "Flag a phase when this share of its commitments (0 to 1) or more slipped or were dropped."
    ),
    "threshold.overcommitment_min": N_(
        "Flag over-commitment only once at least this many commitments slipped or were dropped."
    ),
    "threshold.silent_days": N_(
        "Flag an active phase that went this many days without a commitment event."
    ),
    "threshold.late_review_days": N_(
        "Flag a side's missing review this many days after the phase entered review."
    ),
    "threshold.unknown": N_("%(name)s is not a flag threshold; the thresholds are %(known)s."),
    "threshold.not_a_number": N_("The threshold %(name)s must be a number."),
    "threshold.negative": N_("The threshold %(name)s must be a number of 0 or more."),
    "threshold.share": N_("The threshold %(name)s is a share: use 0 to 1 (0.3 for 30%%)."),
    "threshold.too_high": N_("The threshold %(name)s must be at most %(limit)s."),
    # --- an item named by what it is, as the link to it from a flag or a piece of evidence --
    "item.phase": N_("the phase %(name)s"),
    "item.goal": N_("the goal %(title)s"),
    "item.directive": N_("the directive of %(date)s"),
    "item.commitment": N_("the commitment %(title)s"),
    "item.review.client": N_("the client's review"),
    "item.review.vendor": N_("the vendor's review"),
    # --- the evidence behind trust (SPEC §5): one sentence per piece -----------------------
    "evidence.risk_disclosed": N_(
        "A risk on %(title)s was disclosed on %(date)s, before its due date"
    ),
    "evidence.slip_disclosed": N_(
        "%(title)s slipped from %(due)s to %(new_due)s, told on %(told)s, in advance"
    ),
    "evidence.slip_disclosed.no_new_date": N_(
        "%(title)s slipped past %(due)s, told on %(told)s, in advance"
    ),
    "evidence.slip_undisclosed": NP_(
        "%(title)s slipped from %(due)s to %(new_due)s, told only on %(told)s, %(days)s day "
        "after the due date had passed",
        "%(title)s slipped from %(due)s to %(new_due)s, told only on %(told)s, %(days)s days "
        "after the due date had passed",
        "days",
    ),
    "evidence.slip_undisclosed.no_new_date": NP_(
        "%(title)s slipped past %(due)s, told only on %(told)s, %(days)s day after the due date "
        "had passed",
        "%(title)s slipped past %(due)s, told only on %(told)s, %(days)s days after the due "
        "date had passed",
        "days",
    ),
    "evidence.drop_disclosed": N_(
        "%(title)s was dropped on %(told)s, before its due date of %(due)s"
    ),
    "evidence.drop_undisclosed": NP_(
        "%(title)s was dropped on %(told)s, %(days)s day after its due date of %(due)s had passed",
        "%(title)s was dropped on %(told)s, %(days)s days after its due date of %(due)s had passed",
        "days",
    ),
    "evidence.on_time_delivery": N_("%(title)s delivered on %(date)s, on its due date"),
    "evidence.early_delivery": NP_(
        "%(title)s delivered on %(date)s, %(days)s day before due",
        "%(title)s delivered on %(date)s, %(days)s days before due",
        "days",
    ),
    "evidence.late_delivery": NP_(
        "%(title)s delivered on %(date)s, %(days)s day after its due date of %(due)s",
        "%(title)s delivered on %(date)s, %(days)s days after its due date of %(due)s",
        "days",
    ),
    "evidence.late_delivery_after_disclosed_slips": NP_(
        "%(title)s delivered on %(date)s, %(days)s day after its due date of %(due)s, though "
        "earlier slips were told in advance",
        "%(title)s delivered on %(date)s, %(days)s days after its due date of %(due)s, though "
        "earlier slips were told in advance",
        "days",
    ),
    "evidence.overdue_open": NP_(
        "%(title)s is %(days)s day past its due date of %(due)s and still open, with no new date",
        "%(title)s is %(days)s days past its due date of %(due)s and still open, with no new date",
        "days",
    ),
    "evidence.review_rating.by_client": N_(
        "The client rated the vendor's %(criterion)s %(rating)s of 5 in the review of %(phase)s"
    ),
    "evidence.review_rating.by_vendor": N_(
        "The vendor rated the client's %(criterion)s %(rating)s of 5 in the review of %(phase)s"
    ),
    "evidence.outcome_goal": N_("Goal %(title)s states an outcome, leaving the how to the vendor"),
    "evidence.constraint_goal": N_("Goal %(title)s states a constraint from the client's world"),
    "evidence.prescriptive_goal": N_("Goal %(title)s prescribes how the vendor should work"),
    "evidence.scope_change.added": N_(
        "Goal %(title)s was added on %(date)s, after the phase started"
    ),
    "evidence.scope_change.edited": N_(
        "Goal %(title)s was edited on %(date)s, after the phase started"
    ),
    "evidence.scope_change.removed": N_(
        "Goal %(title)s was removed on %(date)s, after the phase started"
    ),
    "evidence.outcome_directive": N_(
        "Directive %(text)s asks for an outcome, leaving the how to the vendor"
    ),
    "evidence.constraint_directive": N_(
        "Directive %(text)s states a constraint from the client's world"
    ),
    "evidence.prescriptive_directive": N_("Directive %(text)s tells the vendor how to do the work"),
    "evidence.out_of_channel_directive.chat": N_(
        "Directive %(text)s came by chat, outside the agreed process"
    ),
    "evidence.out_of_channel_directive.call": N_(
        "Directive %(text)s came by call, outside the agreed process"
    ),
    "evidence.out_of_channel_directive.direct": N_(
        "Directive %(text)s came by direct contact, outside the agreed process"
    ),
    "evidence.fixed_price_scope_accepted": N_(
        "Directive %(text)s added scope to the fixed price and was accepted without re-planning"
    ),
    "evidence.gate_agreement": N_(
        "Both sides agreed: the client said %(client)s and the vendor said %(vendor)s at the "
        "gate of %(phase)s"
    ),
    "evidence.gate_agreement_to_stop": N_(
        "Both sides agreed to stop: the client said %(client)s and the vendor said %(vendor)s "
        "at the gate of %(phase)s"
    ),
    "evidence.gate_disagreement": N_(
        "The sides disagreed: the client said %(client)s and the vendor said %(vendor)s at the "
        "gate of %(phase)s"
    ),
    # --- the partnership document (SPEC §8): each reads on after "path: " -------------------
    # Keys, emails, field names and times are shown as the document writes them (JSON), so
    # that the person fixing the file can find them; statuses and sides are words.
    "document.problem": N_("%(path)s: %(problem)s (%(rule)s)"),
    "document.problem.whole": N_("%(problem)s (%(rule)s)"),
    "document.threshold_problem": N_("%(path)s: %(problem)s"),
    "document.value.object": N_("an object"),
    "document.value.list": N_("a list"),
    "document.type.object": N_("a JSON object"),
    "document.type.array": N_("a list"),
    "document.type.string": N_("a string"),
    "document.type.boolean": N_("true or false"),
    "document.type.integer": N_("a whole number"),
    "document.type.number": N_("a number"),
    "document.format.date": N_("a date like 2026-03-01"),
    "document.format.date-time": N_("a time with an offset like 2026-03-01T09:30:00+01:00"),
    "document.format.email": N_("an email address like name@example.com"),
    "document.format.other": N_("in the %(format)s format"),
    "document.schema.root_type": N_(
        "the document must be %(wanted)s with format %(format)s, not %(found)s"
    ),
    "document.schema.type": N_("must be %(wanted)s, not %(found)s"),
    "document.schema.enum": N_("%(found)s is not one of %(allowed)s"),
    "document.schema.const": N_(
        "%(found)s is not a format this importer reads; export a document with format %(format)s"
    ),
    "document.schema.required": N_("is required but missing; add it"),
    "document.schema.unknown_field": N_(
        "is not a field here; remove it (fields here: %(allowed)s)"
    ),
    "document.schema.format": N_("%(found)s is not valid; write %(hint)s"),
    "document.schema.empty": N_("must not be empty"),
    "document.schema.min_length": NP_(
        "must be at least %(limit)s character long",
        "must be at least %(limit)s characters long",
        "limit",
    ),
    "document.schema.max_length": NP_(
        "is %(length)s characters long; shorten it to at most %(limit)s character",
        "is %(length)s characters long; shorten it to at most %(limit)s characters",
        "limit",
    ),
    "document.schema.min_items": NP_(
        "must list at least %(limit)s item", "must list at least %(limit)s items", "limit"
    ),
    "document.schema.max_items": NP_(
        "lists %(count)s items; at most %(limit)s is allowed",
        "lists %(count)s items; at most %(limit)s are allowed",
        "limit",
    ),
    "document.schema.range": N_("%(found)s is out of range; use %(low)s to %(high)s"),
    "document.schema.too_small": N_("%(found)s is too small; use %(low)s or more"),
    "document.schema.too_large": N_("%(found)s is too large; use %(high)s or less"),
    "document.schema.other": N_("does not follow the document's format (%(keyword)s)"),
    "document.schema.unstorable": N_("contains a NUL character or a lone surrogate; remove it"),
    "document.schema.unstorable_name": N_(
        "this name contains a NUL character or a lone surrogate; remove it"
    ),
    "document.schema.not_finite": N_("%(found)s is not a number; use a finite number"),
    "document.member_unique": N_(
        "%(email)s is already listed at %(earlier)s; list each person once (emails ignore case), "
        "on one side"
    ),
    "document.unique_key": N_(
        "key %(key)s is already used by %(earlier)s; give every phase, goal, directive and "
        "commitment its own key"
    ),
    "document.author_not_member": N_(
        "%(email)s is not a member; add them to members on the %(side)s side, or name the "
        "%(side)s member who did it (%(who)s is a %(side)s member)"
    ),
    "document.author_other_side": N_(
        "%(email)s is on the %(found)s side, but %(who)s is a %(side)s member; name the "
        "%(side)s member who did it"
    ),
    "document.who.goal_author": N_("a goal's author"),
    "document.who.goal_editor": N_("whoever edits a goal"),
    "document.who.goal_remover": N_("whoever removes a goal"),
    "document.who.directive_author": N_("a directive's author"),
    "document.who.directive_responder": N_("whoever answers a directive"),
    "document.who.commitment_author": N_("a commitment's author"),
    "document.who.event_author": N_("a commitment event's author"),
    "document.time_order": N_(
        "%(time)s is before %(what)s (%(earlier)s); times in a history do not go backwards: "
        "correct the time, or list the entries oldest first"
    ),
    "document.moment.goal_created": N_("the goal was created"),
    "document.moment.previous_revision": N_("the previous revision"),
    "document.moment.last_revision": N_("the goal's last revision"),
    "document.moment.directive_sent": N_("the directive was sent"),
    "document.moment.commitment_made": N_("the commitment was made"),
    "document.moment.previous_event": N_("the previous event"),
    "document.moment.phase_closed": N_("the phase was closed for review"),
    "document.phase_while_open": N_(
        "%(earlier)s is still %(still)s, so this phase cannot be %(status)s: at most one phase "
        "is active or in review, and the next starts only once it is decided"
    ),
    "document.phase_after_planned": N_(
        "%(earlier)s is planned, so this later phase cannot be %(status)s: phases start in "
        "order; list them in the order they ran"
    ),
    "document.phase_times": N_(
        "the phase is %(status)s, so it has no %(name)s yet; remove it, or correct the status"
    ),
    "document.phase_time_order": N_(
        "%(time)s is before the phase's %(name)s (%(earlier)s); a phase starts, then closes, "
        "then is decided"
    ),
    "document.planned_dates": N_(
        "the planned end %(end)s is before the planned start %(start)s; swap or correct them"
    ),
    "document.goal_removal": N_(
        "a removed goal needs both removed_by and removed_at; add %(missing)s, or drop the "
        "other if the goal was not removed"
    ),
    "document.goal_in_phase": N_(
        "%(key)s is not the key of a goal of this phase; link a goal of the same phase, or "
        "leave goal out"
    ),
    "document.slip_new_due_date": N_(
        "a slip carries the new due date; add new_due_date (YYYY-MM-DD)"
    ),
    "document.event_fields": N_(
        "%(name)s belongs to a %(only)s event only, not to a %(kind)s event; remove %(name)s, "
        "or make the event a %(only)s"
    ),
    "document.review_status": N_(
        "a phase is reviewed once it is closed for review, not while %(status)s; remove the "
        "review, or correct the phase's status"
    ),
    "document.review_unique": N_(
        "the %(side)s side has already reviewed this phase; each side submits one review per phase"
    ),
    "document.gate_decided": N_(
        "both reviews are in, so the gate has decided: the status is %(implied)s"
    ),
    "document.gate_missing_both": N_(
        "a %(status)s phase has both sides' reviews, but both reviews are missing; add them, "
        "or correct the phase's status"
    ),
    "document.gate_missing_one": N_(
        "a %(status)s phase has both sides' reviews, but the %(side)s review is missing; add "
        "it, or correct the phase's status"
    ),
    "document.side_said": N_("%(side)s: %(decision)s"),
    "document.gate_status": N_(
        "the reviews say %(said)s, so the phase is %(implied)s, not %(status)s (it passes only "
        "if both sides say go or go with conditions)"
    ),
    "document.not_a_member": N_("not a member"),
    "document.side_role": N_("a %(side)s %(role)s"),
    "document.review_side": N_(
        "%(email)s is %(found)s, but a %(side)s review is submitted by a %(side)s lead; name "
        "the lead who submitted it"
    ),
    "document.unknown_criterion": N_(
        "%(name)s is not a %(side)s criterion; the %(side)s side rates %(criteria)s"
    ),
    "document.missing_criterion": N_("the %(side)s review rates %(name)s too; add it (1 to 5)"),
    "document.outcomes_of_vendor": N_(
        "only the client review marks goals met, partly_met or missed; remove goal_outcomes "
        "from the vendor review"
    ),
    "document.outcome_unknown_goal": N_(
        "%(key)s is not the key of a goal of this phase; mark only this phase's goals"
    ),
}
