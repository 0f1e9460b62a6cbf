{#-
  A health folder declared real (its manifest says "is_synthetic": false, so `spi build` sets var
  health_extract_status = real and its measures enter the index) must not hold rows marked synthetic: fails with
  each extract that does. On the default synthetic extract it
  scans nothing (3.4 million records) and passes.
-#}
-- depends_on: {{ ref('stg_synthetic_nhs__gp_registrations') }}
-- depends_on: {{ ref('stg_synthetic_nhs__qof_registers') }}
-- depends_on: {{ ref('stg_synthetic_nhs__patient_records') }}
-- depends_on: {{ ref('stg_synthetic_nhs__child_measurements') }}
{% if health_extract_is_real() %}
    with

    registrations as (

        select * from {{ ref('stg_synthetic_nhs__gp_registrations') }}

    ),

    qof_registers as (

        select * from {{ ref('stg_synthetic_nhs__qof_registers') }}

    ),

    patient_records as (

        select * from {{ ref('stg_synthetic_nhs__patient_records') }}

    ),

    child_measurements as (

        select * from {{ ref('stg_synthetic_nhs__child_measurements') }}

    ),

    synthetic_rows as (

        select
            'gp_registrations' as extract_name,
            count(*) as n_synthetic_rows
        from registrations
        where is_synthetic

        union all

        select
            'qof_registers' as extract_name,
            count(*) as n_synthetic_rows
        from qof_registers
        where is_synthetic

        union all

        select
            'patient_records' as extract_name,
            count(*) as n_synthetic_rows
        from patient_records
        where is_synthetic

        union all

        select
            'child_measurements' as extract_name,
            count(*) as n_synthetic_rows
        from child_measurements
        where is_synthetic

    )

    select * from synthetic_rows
    where n_synthetic_rows > 0
{% else %}
    select
        'none' as extract_name,
        0 as n_synthetic_rows
    where false
{% endif %}
