"""What a participant's own edit applies at once and what waits for the organisers."""

from dataclasses import replace

from eventapp.domain.registration import OrganisationInput, ParticipantInput, ProductInput
from eventapp.domain.self_service import plan_edit

APPROVED = ParticipantInput(
    full_name="Trần Thị Ngọc Hân",
    email="ngochan@banhpia.vn",
    role="exhibitor",
    phone="0912345678",
    organisation=OrganisationInput(name="Cơ sở Bánh pía Tân Huê Viên", kind="household", province="soc-trang"),
    products=(ProductInput(name="Bánh pía sầu riêng", group="food", stars=4),),
)


def test_before_approval_everything_applies_at_once():
    wanted = replace(APPROVED, full_name="Trần Ngọc Hân", role="delegate", products=())
    plan = plan_edit(APPROVED, wanted, is_approved=False)
    assert plan.apply_now == wanted and plan.held is None


def test_after_approval_the_name_waits_and_the_phone_applies():
    wanted = replace(APPROVED, full_name="Trần Ngọc Hân", phone="0987654321")
    plan = plan_edit(APPROVED, wanted, is_approved=True)
    assert plan.apply_now == replace(APPROVED, phone="0987654321")
    assert plan.held is not None and plan.held.changes == {"full_name": ["Trần Thị Ngọc Hân", "Trần Ngọc Hân"]}
    assert plan.held.applied_to(plan.apply_now) == wanted


def test_a_new_role_waits_with_its_products_and_the_approved_products_stay():
    wanted = replace(APPROVED, role="buyer", products=())
    plan = plan_edit(APPROVED, wanted, is_approved=True)
    assert plan.apply_now.role == "exhibitor" and plan.apply_now.products == APPROVED.products
    assert plan.held is not None and plan.held.products == () and plan.held.changes == {"role": ["exhibitor", "buyer"]}
    assert plan.held.applied_to(plan.apply_now).products == ()


def test_product_changes_of_an_unchanged_role_apply_at_once():
    products = (ProductInput(name="Lạp xưởng Vũng Thơm", group="food", stars=3),)
    plan = plan_edit(APPROVED, replace(APPROVED, products=products), is_approved=True)
    assert plan.apply_now.products == products and plan.held is None


def test_the_same_organisation_retyped_or_a_new_kind_is_no_change():
    retyped = replace(
        APPROVED, organisation=OrganisationInput(name="CƠ SỞ BÁNH PÍA TÂN HUÊ VIÊN", kind="enterprise", province="soc-trang")
    )
    plan = plan_edit(APPROVED, retyped, is_approved=True)
    assert plan.held is None and plan.apply_now.organisation == APPROVED.organisation


def test_another_province_or_tax_code_is_another_organisation():
    moved = replace(
        APPROVED,
        organisation=OrganisationInput(
            name=APPROVED.organisation.name, kind="household", province="can-tho", tax_code="2200123456"
        ),
    )
    plan = plan_edit(APPROVED, moved, is_approved=True)
    assert plan.held is not None
    assert plan.held.changes == {
        "organisation.province": ["soc-trang", "can-tho"],
        "organisation.tax_code": [None, "2200123456"],
    }
    assert plan.apply_now.organisation == APPROVED.organisation
