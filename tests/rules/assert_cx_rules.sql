{#-
    Unit test of the support rules on every branch: is_sla_breach (answered
    late, answered in time, unanswered past target, unanswered within target)
    and is_escalated (priority, negative sentiment, SLA breach, the
    `escalation` label, none). Returns the cases that differ; none on success.
-#}
-- the rule its model applies: an asset check of that model (depends_on: {{ ref('cx_conversations') }})
with cases as (

    select * from (
        values
            ('late reply', 3700, 60, 'low', 'neutral', 'order-status', true, true),
            ('reply on time', 3500, 60, 'low', 'positive', 'order-status', false, false),
            ('unanswered past target', 90000, 1440, 'medium', 'neutral', '', true, true),
            ('unanswered within target', 600, 240, 'medium', 'neutral', 'returns', false, false),
            ('urgent priority', 60, 15, 'urgent', 'positive', '', false, true),
            ('high priority', 60, 60, 'high', 'neutral', '', false, true),
            ('negative sentiment', 60, 240, 'medium', 'negative', '', false, true),
            ('escalation label', 60, 240, 'low', 'neutral', 'returns,escalation', false, true),
            ('no sentiment yet', 60, 240, 'low', null, 'returns', false, false)
    ) as t (case_name, seconds_waited, target_minutes, priority, sentiment, labels_csv, expected_breach, expected_escalated)

),

judged as (

    select
        *,
        {{ is_sla_breach('seconds_waited', 'target_minutes') }} as is_sla_breach
    from cases

),

escalated as (

    select
        *,
        {{ is_escalated('priority', 'sentiment', 'is_sla_breach', "string_to_array(labels_csv, ',')") }} as is_escalated
    from judged

)

select *
from escalated
where is_sla_breach is distinct from expected_breach
    or is_escalated is distinct from expected_escalated
