{#-
    Unit test of the open fulfillment issue rule (doc block `is_open_issue`)
    on every branch: a fulfillment error resolved by a later successful
    fulfillment (and not by an earlier one), a resolved error whose retry is
    now stuck in transit (still open), a delivery failure inside and just
    outside the issue window (the business days ending at the as-of date,
    var `fulfillment_issue_window_days`), an unfulfilled order past its SLA,
    an order without an issue. Returns the cases that differ.
-#}
{%- set window_start = as_of_date(1 - var('fulfillment_issue_window_days')) -%}
{%- set before_window = as_of_date(- var('fulfillment_issue_window_days')) -%}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('fulfillment_tracking') }})
with cases as (

    select * from (
        values
            ('error, retried later', false, true, '2026-06-01 10:00:00+00', '2026-06-02 10:00:00+00', false, 'fulfilled', false, 0, false),
            ('error after a success', false, true, '2026-06-02 10:00:00+00', '2026-06-01 10:00:00+00', false, 'partial', false, 0, true),
            ('error never retried', false, true, '2026-06-02 10:00:00+00', null, false, 'unfulfilled', false, 0, true),
            ('retried error now stuck', false, true, '2026-06-01 10:00:00+00', '2026-06-02 10:00:00+00', true, 'fulfilled', false, 0, true),
            ('delivery failure in the window', true, false, null, '2026-06-01 10:00:00+00', false, 'fulfilled', false, 0, true),
            ('delivery failure before the window', true, false, null, '2026-06-01 10:00:00+00', false, 'fulfilled', false, 1, false),
            ('unfulfilled past sla', false, false, null, null, false, 'unfulfilled', true, 0, true),
            ('no issue', false, false, null, null, false, 'fulfilled', false, 0, false)
    ) as t (
        case_name, has_delivery_failure, has_fulfillment_error, last_error_at_text, last_fulfilled_at_text,
        is_stuck_in_transit, fulfillment_status, is_past_sla, days_before_window, expected_open
    )

),

typed as (

    select
        *,
        cast(last_error_at_text as timestamp with time zone) as last_error_at,
        cast(last_fulfilled_at_text as timestamp with time zone) as last_fulfilled_at,
        case when days_before_window = 0 then {{ window_start }} else {{ before_window }} end as order_date
    from cases

),

unresolved as (

    select
        *,
        {{ has_unresolved_fulfillment_error('has_fulfillment_error', 'last_error_at', 'last_fulfilled_at') }}
            as has_unresolved_fulfillment_error
    from typed

),

judged as (

    select
        *,
        {{ is_open_fulfillment_issue(
            fulfillment_issue_type('has_delivery_failure', 'has_unresolved_fulfillment_error', 'is_stuck_in_transit',
                'fulfillment_status', 'is_past_sla'),
            'order_date'
        ) }} as is_open_issue
    from unresolved

)

select *
from judged
where is_open_issue is distinct from expected_open
