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
}
