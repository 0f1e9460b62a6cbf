{#
  True where var health_extract_status is 'real': the health folder (SPI_HEALTH_DATA_DIR) holds a real extract,
  declared in its manifest.json, not `spi generate-health`'s synthetic one. Its own file so that lint can stand
  it in (it raises through exceptions, which the jinja templater lacks).
#}
{% macro health_extract_is_real() -%}
    {%- set status = var('health_extract_status', 'synthetic') -%}
    {%- if status not in ['synthetic', 'real'] -%}
        {{ exceptions.raise_compiler_error(
            "var health_extract_status must be 'synthetic' or 'real', not '" ~ status ~ "'"
        ) }}
    {%- endif -%}
    {{ return(status == 'real') }}
{%- endmacro %}
