#include <userservice/ordered_map.hpp>

#include <gtest/gtest.h>

using userservice::OrderedMap;

TEST(OrderedMap, KeepsInsertionOrderAndReplacesInPlace)
{
    OrderedMap<int> map { { "z", 1 }, { "a", 2 } };
    map.set("m", 3);
    map.set("z", 9); // replaced where it stands
    std::string order;
    for (const auto& [key, value] : map)
        order += key + "=" + std::to_string(value) + " ";
    EXPECT_EQ(order, "z=9 a=2 m=3 ");
    EXPECT_EQ(map.size(), 3u);
}

TEST(OrderedMap, FindsExactKeysOnly)
{
    OrderedMap<int> map { { "Name", 1 } };
    ASSERT_NE(map.find("Name"), nullptr);
    EXPECT_EQ(*map.find("Name"), 1);
    EXPECT_EQ(map.find("name"), nullptr);
}

TEST(OrderedMap, EraseRemovesOnlyThatKey)
{
    OrderedMap<int> map { { "a", 1 }, { "b", 2 } };
    EXPECT_TRUE(map.erase("a"));
    EXPECT_FALSE(map.erase("a"));
    EXPECT_EQ(map, (OrderedMap<int> { { "b", 2 } }));
}

TEST(OrderedMap, CopiesAreIndependentValues)
{
    const OrderedMap<int> original { { "a", 1 }, { "b", 2 } };
    OrderedMap<int> copy = original;
    EXPECT_EQ(copy, original);
    EXPECT_EQ(&*std::as_const(copy).begin(), &*original.begin()) << "a copy shares the entries until it is changed";

    copy.set("a", 10);
    copy.set("c", 3);
    *copy.find("b") = 20;
    EXPECT_EQ(original, (OrderedMap<int> { { "a", 1 }, { "b", 2 } })); // untouched
    EXPECT_EQ(copy, (OrderedMap<int> { { "a", 10 }, { "b", 20 }, { "c", 3 } }));

    OrderedMap<int> other = original;
    for (auto& [key, value] : other) // iterating a map mutably detaches it too
        value = 0;
    EXPECT_EQ(*original.find("a"), 1);
    EXPECT_TRUE(other.erase("a"));
    EXPECT_EQ(original.size(), 2u);
    EXPECT_TRUE(OrderedMap<int> {}.empty());
}
