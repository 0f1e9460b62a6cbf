{# Rank 1 = highest score within the partition; areas without a score (partial) stay unranked. #}
{% macro score_rank(score_column, partition_by) -%}
    case
        when {{ score_column }} is not null
            then rank() over (
                partition by {{ partition_by | join(', ') }}
                order by {{ score_column }} desc nulls last
            )
    end
{%- endmacro %}
